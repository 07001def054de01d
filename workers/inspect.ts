// Dispatch from a sniffed format to the inspector that reads its facts. Runs in the browser
// worker and in Node (server verification, CLI). The PDF inspector (and pdf.js behind it) is
// imported lazily so that images never pay for it.
import type { FileFacts, SniffResult } from '../src/core/types';
import type { ByteSource } from './source';
import { sniff, SNIFF_BYTES } from './sniff';
import { inspectRasterFacts } from './raster/index';
import { loadPdfInspector } from './parts';

export type RasterFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'gif' | 'bmp' | 'heic' | 'avif';

export async function sniffSource(src: ByteSource): Promise<SniffResult> {
  return sniff(await src.read(0, SNIFF_BYTES));
}

/** Facts for a file whose kind is known (pdf or raster). Throws the inspector's error on bad input. */
export async function inspectSource(src: ByteSource, sniffed: SniffResult): Promise<FileFacts> {
  if (sniffed.kind === 'pdf') {
    const { inspectPdf } = await loadPdfInspector();
    return inspectPdf(src);
  }
  if (sniffed.kind === 'raster') {
    return inspectRasterFacts(src, sniffed.format as RasterFormat);
  }
  return { format: sniffed.format, kind: null, mime: sniffed.mime, size: src.size, bytesRead: src.bytesRead };
}
