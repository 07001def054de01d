// geom.page_size on images that state no resolution (issue 13 point 4): their print size is not
// known, but their proportions are. An allowed size that no resolution can reach fails (the
// reference's mug sample: a square image on a 200×85 mm wrap); one it can reach passes, naming the
// resolution it would print at. Images made with sharp, inspected by the real inspector.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectRasterFacts } from '../../../../workers/raster/index';
import { bytesSource } from '../../../../workers/source';
import { evaluateFile } from '../../evaluate';
import type { AcceptEntry, FileFacts } from '../../types';
import { run } from './test-facts';

/** A JPEG as sharp writes it: JFIF with density 1:1 and no unit (no resolution) unless `density`. */
async function jpeg(width: number, height: number, density?: number): Promise<FileFacts> {
  let img = sharp({ create: { width, height, channels: 3, background: '#3366cc' } }).jpeg();
  if (density) img = img.withMetadata({ density });
  return inspectRasterFacts(bytesSource(new Uint8Array(await img.toBuffer())), 'jpeg');
}

const wrap = { allowed: [{ width_mm: 200, height_mm: 85 }], tolerance_mm: 1 };

describe('geom.page_size on an image without a stated resolution', () => {
  it('rejects a square image for a 200×85 mm mug wrap: no resolution gives those proportions', async () => {
    const square = await jpeg(1000, 1000);
    expect(square.raster!.dpiX).toBeUndefined();
    const [r] = run('geom.page_size', square, wrap);
    expect(r).toMatchObject({ outcome: 'fail', messageKey: 'geom.page_size.fail_raster_ratio' });
    expect(r!.message).toBe('The image is 1000×1000 pixels (proportions 1:1); no resolution makes it 200×85 mm (±1 mm), so it would be cropped or get blank edges.');
  });

  it('passes an image whose proportions fit, with the resolution it would print at', async () => {
    const [r] = run('geom.page_size', await jpeg(2362, 1004), wrap);
    expect(r).toMatchObject({ outcome: 'pass', messageKey: 'geom.page_size.pass_raster_ratio' });
    expect(r!.message).toBe('The image states no resolution; its proportions fit 200×85 mm, where it prints at 300 dpi.');
  });

  it('accepts either orientation, and the context size replaces the profile size', async () => {
    const tall = await jpeg(1004, 2362);
    expect(run('geom.page_size', tall, wrap)[0]!.outcome).toBe('pass');
    expect(run('geom.page_size', tall, wrap, { artworkSize: { width_mm: 100, height_mm: 100 } })[0]!.outcome).toBe('fail');
  });

  it('still judges an image with a stated resolution by its physical size', async () => {
    const [r] = run('geom.page_size', await jpeg(2362, 1004, 300), wrap);
    expect(r!.outcome).toBe('pass');
    expect(r!.messageKey).toBe('geom.page_size.pass');
  });

  it('never talks about "the PDF" for an image, in any finding the evaluator makes', async () => {
    const entry: AcceptEntry = {
      kind: 'raster', mimeTypes: ['image/jpeg'], extensions: ['jpg'], convertToPdf: false, onFail: 'reject',
      preflight: { enabled: true, profile: { sections: { geometry: { enabled: true, rules: {
        'geom.page_size': { enabled: true, target: {} },
        'geom.orientation': { enabled: true, severity: 'reject', target: { allowed: ['landscape'] } },
      } } } } },
    };
    const findings = evaluateFile(await jpeg(800, 600), entry);
    expect(findings.map((f) => f.outcome)).toEqual(['skipped', 'pass']);
    for (const f of findings) expect(f.message).not.toMatch(/PDF/);
    // an image the inspector could not read at all (no raster facts) is "the image", not "the PDF"
    const unread = evaluateFile({ format: 'jpeg', kind: 'raster', mime: 'image/jpeg', size: 10 }, entry);
    expect(unread.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringContaining('the image could not be read')]));
    for (const f of unread) expect(f.message).not.toMatch(/PDF/);
  });
});
