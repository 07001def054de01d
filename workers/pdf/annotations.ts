// Annotations whose appearance prints: the Print flag set, not Hidden, not on a layer that is off
// (PDF 32000-1 12.5.3). A form field's widget, a FreeText box or a stamp prints its normal
// appearance stream, so the fonts and images in it are checked like page content.
import type { Rect } from '../../src/core/types';
import type { PdfDocument } from './document';
import { PdfStream, type PdfValue, dictOf, nameOf, numberOf } from './objects';
import type { OptionalContent } from './optional-content';
import { readRect } from './pages';

const FLAG_HIDDEN = 2;
const FLAG_PRINT = 4;
const MAX_APPEARANCES_PER_PAGE = 500;

export interface PrintedAppearance {
  stream: PdfStream;
  ref: PdfValue | undefined;
  rect: Rect;
}

export async function printableAppearances(doc: PdfDocument, annots: PdfValue | undefined, layers: OptionalContent): Promise<PrintedAppearance[]> {
  const list = await doc.resolve(annots);
  if (!Array.isArray(list)) return [];
  const out: PrintedAppearance[] = [];
  for (const a of list.slice(0, MAX_APPEARANCES_PER_PAGE)) {
    const d = dictOf(await doc.resolve(a));
    if (!d) continue;
    const flags = numberOf(await doc.resolve(d.get('F'))) ?? 0;
    if (!(flags & FLAG_PRINT) || flags & FLAG_HIDDEN) continue;
    if (nameOf(await doc.resolve(d.get('Subtype'))) === 'Popup') continue;
    if (await layers.hides(d.get('OC'))) continue;
    const rect = await readRect(doc, d.get('Rect'));
    const ap = dictOf(await doc.resolve(d.get('AP')));
    if (!rect || !ap) continue;
    // /N is the appearance stream itself, or a dictionary of states chosen by /AS (check boxes)
    let ref = ap.get('N');
    let n = await doc.resolve(ref);
    if (!(n instanceof PdfStream)) {
      const state = nameOf(await doc.resolve(d.get('AS')));
      ref = state !== undefined ? dictOf(n)?.get(state) : undefined;
      n = await doc.resolve(ref);
    }
    if (n instanceof PdfStream) out.push({ stream: n, ref, rect });
  }
  return out;
}
