// Raster checks: each check passes and fails where a customer would expect, reports actual and
// target values, and renders a plain-language message from the catalogue.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectRasterFacts } from '../../../workers/raster/index';
import { fileSource } from '../../../workers/source-node';
import { t } from '../i18n';
import { raster as messages } from '../messages/en/raster';
import type { FileFacts, IntakeContext, RasterFacts } from '../types';
import { effectiveDpi, rasterChecks } from './raster';
import type { CheckResult } from './types';

function facts(r: Partial<RasterFacts> & { widthPx: number; heightPx: number }, size = 1_000_000): FileFacts {
  const orientation = r.orientation ?? 1;
  const turned = orientation >= 5;
  const raster: RasterFacts = {
    orientation,
    displayWidthPx: turned ? r.heightPx : r.widthPx,
    displayHeightPx: turned ? r.widthPx : r.heightPx,
    colorMode: 'rgb',
    bitsPerChannel: 8,
    hasAlpha: false,
    dpiSource: 'none',
    ...r,
  };
  return { format: 'jpeg', kind: 'raster', mime: 'image/jpeg', size, raster };
}

const check = (id: string) => {
  const c = rasterChecks.find((c) => c.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

/** Run a check as the evaluator does: narrow the target with the context, then run. */
function run(id: string, f: FileFacts, target: Record<string, unknown> = {}, context: IntakeContext = {}): CheckResult & { message: string } {
  const c = check(id);
  const narrowed = c.narrow ? c.narrow(target, context) : target;
  const [result] = c.run(f, narrowed, context);
  expect(messages[result!.messageKey], `catalogue has ${result!.messageKey}`).toBeDefined();
  const message = t(result!.messageKey, result!.params ?? {});
  expect(message).not.toMatch(/[{}]/); // every placeholder filled
  return { ...result!, message };
}

describe('the raster check set', () => {
  it('has the reference ids, kinds and default severities', () => {
    expect(rasterChecks.map((c) => [c.id, c.defaultSeverity])).toEqual([
      ['raster.effective_dpi', 'reject'],
      ['raster.min_dimensions_px', 'autofix'],
      ['raster.max_pixels', 'warn'],
      ['raster.color_mode', 'autofix'],
      ['raster.bit_depth', 'autofix'],
      ['raster.transparency', 'autofix'],
      ['raster.icc_required', 'autofix'],
      ['raster.aspect_ratio', 'autofix'],
      ['raster.max_file_size', 'reject'],
    ]);
    for (const c of rasterChecks) {
      expect(c.kinds).toEqual(['raster']);
      expect(c.section).toBe('raster');
    }
  });

  it('every check is skipped, not crashed, for a file without raster facts', () => {
    const noRaster: FileFacts = { format: 'jpeg', kind: 'raster', mime: 'image/jpeg', size: 10 };
    for (const c of rasterChecks.filter((c) => c.id !== 'raster.max_file_size')) {
      expect(run(c.id, noRaster).outcome).toBe('skipped');
    }
  });
});

describe('raster.effective_dpi', () => {
  // 321×208 px is what 96 dpi gives at 85×55 mm (a business card).
  const card = facts({ widthPx: 321, heightPx: 208 });

  it('fails a 96 dpi image for a business card and says how large it would print sharp', () => {
    const r = run('raster.effective_dpi', card, { min_dpi: 300, target_width_mm: 85, target_height_mm: 55 });
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('96 dpi at 85×55 mm — at least 300 dpi needed; this image would print sharp up to 27×18 mm.');
    expect(r.actual).toMatchObject({ dpi: 96, maxWidthMm: 27, maxHeightMm: 18, rotated: false });
    expect(r.target).toEqual({ min_dpi: 300, target_width_mm: 85, target_height_mm: 55 });
  });

  it('passes an image with enough pixels (1004×650 px at 85×55 mm is 300 dpi)', () => {
    const r = run('raster.effective_dpi', facts({ widthPx: 1004, heightPx: 650 }), { target_width_mm: 85, target_height_mm: 55 });
    expect(r.outcome).toBe('pass');
    expect(r.params).toMatchObject({ dpi: 300, min_dpi: 300 });
  });

  it('turns a portrait image to fit a landscape card instead of failing it', () => {
    const r = run('raster.effective_dpi', facts({ widthPx: 650, heightPx: 1004 }), { target_width_mm: 85, target_height_mm: 55 });
    expect(r.outcome).toBe('pass');
    expect(r.actual).toMatchObject({ rotated: true });
  });

  it('uses the displayed (EXIF-rotated) size, and gives the sharp size in the print orientation', () => {
    // Stored 208×321 with orientation 6 displays 321×208.
    const r = run('raster.effective_dpi', facts({ widthPx: 208, heightPx: 321, orientation: 6 }), { target_width_mm: 85, target_height_mm: 55 });
    expect(r.params).toMatchObject({ dpi: 96, max_width_mm: 27, max_height_mm: 18 });
    const turned = run('raster.effective_dpi', card, { target_width_mm: 55, target_height_mm: 85 });
    expect(turned.params).toMatchObject({ dpi: 96, width_mm: 55, height_mm: 85, max_width_mm: 18, max_height_mm: 27 });
  });

  it('judges the worse axis when proportions differ: the image must cover the whole print', () => {
    // 3000×1000 px on a 100×100 mm square: plenty wide, but only 254 dpi tall.
    expect(effectiveDpi(3000, 1000, 100, 100).dpi).toBeCloseTo(254, 0);
    const r = run('raster.effective_dpi', facts({ widthPx: 3000, heightPx: 1000 }), { target_width_mm: 100, target_height_mm: 100 });
    expect(r.outcome).toBe('fail');
    expect(r.params).toMatchObject({ dpi: 254 });
  });

  it('takes the print size from the order context (artworkSize), replacing the profile size', () => {
    const ctx: IntakeContext = { artworkSize: { width_mm: 850, height_mm: 2150 } };
    const r = run('raster.effective_dpi', facts({ widthPx: 5100, heightPx: 12900 }), { min_dpi: 150, target_width_mm: 85, target_height_mm: 55 }, ctx);
    expect(r.outcome).toBe('pass');
    expect(r.params).toMatchObject({ width_mm: 850, height_mm: 2150, dpi: 152 });
    const tooSmall = run('raster.effective_dpi', facts({ widthPx: 2500, heightPx: 6350 }), { min_dpi: 150 }, ctx);
    expect(tooSmall.outcome).toBe('fail');
    expect(tooSmall.message).toBe('75 dpi at 850×2,150 mm — at least 150 dpi needed; this image would print sharp up to 423×1,075 mm.');
  });

  it('without a print size, judges the stated resolution', () => {
    const low = run('raster.effective_dpi', facts({ widthPx: 600, heightPx: 450, dpiX: 72, dpiY: 72, widthMm: 211.67, heightMm: 158.75 }));
    expect(low.outcome).toBe('fail');
    expect(low.message).toBe('The image is set to 72 dpi (212×159 mm) — at least 300 dpi needed; at 300 dpi it would print sharp up to 51×38 mm.');
    const ok = run('raster.effective_dpi', facts({ widthPx: 600, heightPx: 450, dpiX: 300, dpiY: 300 }), { min_dpi: 300 });
    expect(ok.outcome).toBe('pass');
  });

  it('without a stated resolution and without a print size, is skipped with a clear reason', () => {
    const r = run('raster.effective_dpi', facts({ widthPx: 1200, heightPx: 900 }));
    expect(r.outcome).toBe('skipped');
    expect(r.message).toBe('The resolution was not checked: the image does not state one and no print size was chosen. At 300 dpi it prints sharp up to 102×76 mm.');
  });
});

describe('raster.min_dimensions_px and raster.max_pixels', () => {
  it('min_dimensions_px passes, fails, accepts a turned image, and is skipped without a target', () => {
    const img = facts({ widthPx: 800, heightPx: 600 });
    expect(run('raster.min_dimensions_px', img, { min_width: 800, min_height: 600 }).outcome).toBe('pass');
    const fail = run('raster.min_dimensions_px', img, { min_width: 1000, min_height: 600 });
    expect(fail.outcome).toBe('fail');
    expect(fail.message).toBe('The image is 800×600 pixels — at least 1,000×600 pixels needed.');
    expect(run('raster.min_dimensions_px', img, { min_width: 600, min_height: 800 }).outcome).toBe('pass');
    expect(run('raster.min_dimensions_px', img, {}).outcome).toBe('skipped');
  });

  it('max_pixels flags a 60000×60000 decompression bomb by default, passes a photo', () => {
    const bomb = run('raster.max_pixels', facts({ widthPx: 60000, heightPx: 60000 }));
    expect(bomb.outcome).toBe('fail');
    expect(bomb.message).toBe('The image is 60,000×60,000 pixels (3,600 megapixels) — more than the 300 megapixels we can process.');
    expect(run('raster.max_pixels', facts({ widthPx: 6000, heightPx: 4000 })).outcome).toBe('pass');
    expect(run('raster.max_pixels', facts({ widthPx: 6000, heightPx: 4000 }), { max_megapixels: 20 }).outcome).toBe('fail');
  });

  it('max_pixels with max_width/max_height, either orientation', () => {
    const img = facts({ widthPx: 6000, heightPx: 4000 });
    expect(run('raster.max_pixels', img, { max_width: 4000, max_height: 6000 }).outcome).toBe('pass');
    const fail = run('raster.max_pixels', img, { max_width: 5000, max_height: 5000 });
    expect(fail.outcome).toBe('fail');
    expect(fail.message).toBe('The image is 6,000×4,000 pixels — at most 5,000×5,000 pixels can be processed.');
  });
});

describe('colour, bit depth, transparency, ICC', () => {
  it('color_mode: all print modes pass by default; a restricted list fails others; YCCK counts as CMYK', () => {
    expect(run('raster.color_mode', facts({ widthPx: 1, heightPx: 1, colorMode: 'indexed' })).outcome).toBe('pass');
    expect(run('raster.color_mode', facts({ widthPx: 1, heightPx: 1, colorMode: 'unknown' })).outcome).toBe('fail');
    const rgb = run('raster.color_mode', facts({ widthPx: 1, heightPx: 1, colorMode: 'rgb' }), { allowed: ['cmyk'] });
    expect(rgb.outcome).toBe('fail');
    expect(rgb.message).toBe('The image is in RGB — this product needs CMYK. The colours will be converted and may shift.');
    expect(run('raster.color_mode', facts({ widthPx: 1, heightPx: 1, colorMode: 'ycck' }), { allowed: ['cmyk'] }).outcome).toBe('pass');
    expect(run('raster.color_mode', facts({ widthPx: 1, heightPx: 1, colorMode: 'gray' }), { allowed: ['CMYK', 'Grayscale'] }).outcome).toBe('pass');
  });

  it('bit_depth: 8 bits per channel at most by default; min and allowed lists', () => {
    expect(run('raster.bit_depth', facts({ widthPx: 1, heightPx: 1, bitsPerChannel: 8 })).outcome).toBe('pass');
    const deep = run('raster.bit_depth', facts({ widthPx: 1, heightPx: 1, bitsPerChannel: 16 }));
    expect(deep.outcome).toBe('fail');
    expect(deep.message).toBe('The image has 16 bits per channel — at most 8 are used for print, so it will be reduced.');
    expect(run('raster.bit_depth', facts({ widthPx: 1, heightPx: 1, bitsPerChannel: 16 }), { max: 16 }).outcome).toBe('pass');
    expect(run('raster.bit_depth', facts({ widthPx: 1, heightPx: 1, bitsPerChannel: 1 }), { min: 8 }).outcome).toBe('fail');
    expect(run('raster.bit_depth', facts({ widthPx: 1, heightPx: 1, bitsPerChannel: 16 }), { allowed: [8, 16] }).outcome).toBe('pass');
    expect(run('raster.bit_depth', facts({ widthPx: 1, heightPx: 1, bitsPerChannel: 4 }), { allowed: [8, 16] }).outcome).toBe('fail');
  });

  it('transparency: refused by default, passes without alpha or when allowed', () => {
    const alpha = facts({ widthPx: 1, heightPx: 1, hasAlpha: true });
    expect(run('raster.transparency', alpha, { allowed: false }).outcome).toBe('fail');
    expect(run('raster.transparency', alpha).message).toMatch(/transparent areas/);
    expect(run('raster.transparency', alpha, { allowed: true }).outcome).toBe('pass');
    expect(run('raster.transparency', facts({ widthPx: 1, heightPx: 1 })).outcome).toBe('pass');
  });

  it('icc_required: names the embedded profile, fails without one', () => {
    const withIcc = run('raster.icc_required', facts({ widthPx: 1, heightPx: 1, icc: { size: 3144, colorSpace: 'RGB', description: 'sRGB IEC61966-2.1' } }));
    expect(withIcc.outcome).toBe('pass');
    expect(withIcc.message).toBe('Colour profile embedded: sRGB IEC61966-2.1.');
    expect(run('raster.icc_required', facts({ widthPx: 1, heightPx: 1, icc: { size: 0 } })).outcome).toBe('pass');
    expect(run('raster.icc_required', facts({ widthPx: 1, heightPx: 1 })).outcome).toBe('fail');
  });
});

describe('raster.aspect_ratio and raster.max_file_size', () => {
  it('aspect_ratio: matches within tolerance in either orientation; fails a square for a card', () => {
    const card = facts({ widthPx: 1700, heightPx: 1100 });
    expect(run('raster.aspect_ratio', card, { ratio: [85, 55], tolerance: 0.05 }).outcome).toBe('pass');
    expect(run('raster.aspect_ratio', facts({ widthPx: 1100, heightPx: 1700 }), { ratio: [85, 55] }).outcome).toBe('pass');
    const square = run('raster.aspect_ratio', facts({ widthPx: 1000, heightPx: 1000 }), { ratio: [85, 55] });
    expect(square.outcome).toBe('fail');
    expect(square.message).toBe('The image proportions (1:1) do not match the print (1.55:1, 35.3% off) — it will be cropped or get blank edges.');
    expect(run('raster.aspect_ratio', facts({ widthPx: 1600, heightPx: 1000 }), { ratio: '3:2', tolerance: 0.1 }).outcome).toBe('pass');
    expect(run('raster.aspect_ratio', facts({ widthPx: 1600, heightPx: 1000 }), { ratio: '3:2', tolerance: 0.05 }).outcome).toBe('fail');
  });

  it('aspect_ratio takes the proportions from the order context when the profile has none; skipped without either', () => {
    const img = facts({ widthPx: 1000, heightPx: 1000 });
    expect(run('raster.aspect_ratio', img, {}, { artworkSize: { width_mm: 200, height_mm: 200 } }).outcome).toBe('pass');
    expect(run('raster.aspect_ratio', img, {}, { artworkSize: { width_mm: 85, height_mm: 55 } }).outcome).toBe('fail');
    expect(run('raster.aspect_ratio', img, {}).outcome).toBe('skipped');
  });

  it('max_file_size: 50 MB by default, or max_mb / max_bytes', () => {
    const MB = 1024 * 1024;
    const big = run('raster.max_file_size', facts({ widthPx: 1, heightPx: 1 }, 60 * MB));
    expect(big.outcome).toBe('fail');
    expect(big.message).toBe('The file is 60 MB — at most 50 MB allowed.');
    expect(run('raster.max_file_size', facts({ widthPx: 1, heightPx: 1 }, 10 * MB)).outcome).toBe('pass');
    expect(run('raster.max_file_size', facts({ widthPx: 1, heightPx: 1 }, 10 * MB), { max_mb: 5 }).outcome).toBe('fail');
    expect(run('raster.max_file_size', facts({ widthPx: 1, heightPx: 1 }, 1000), { max_bytes: 999 }).outcome).toBe('fail');
  });
});

const CORPUS = resolve(__dirname, '../../../../shared/corpus');
describe.skipIf(!existsSync(CORPUS))(`on real files ${existsSync(CORPUS) ? '' : '(skipped: ../shared/corpus is absent)'}`, () => {
  async function factsOf(path: string) {
    const src = await fileSource(resolve(CORPUS, path));
    try {
      return await inspectRasterFacts(src, 'jpeg');
    } finally {
      await src.close();
    }
  }

  it('a phone photo turned by EXIF (portrait_6: 450×600 shown) is sharp at 38×51 mm and at 51×38 mm', async () => {
    const f = await factsOf('exif-samples/jpg/orientation/portrait_6.jpg');
    expect(run('raster.effective_dpi', f, { target_width_mm: 38, target_height_mm: 50.8 }).outcome).toBe('pass');
    expect(run('raster.effective_dpi', f, { target_width_mm: 50.8, target_height_mm: 38 }).outcome).toBe('pass');
    const card = run('raster.effective_dpi', f, {}, { artworkSize: { width_mm: 85, height_mm: 55 } });
    expect(card.outcome).toBe('fail');
    expect(card.params).toMatchObject({ dpi: 179 }); // 600 px over 85 mm, turned to fit
  });

  it('a camera JPEG at its stated 72 dpi fails 300 dpi and passes 72', async () => {
    const f = await factsOf('exif-samples/jpg/Canon_40D.jpg');
    expect(run('raster.effective_dpi', f).outcome).toBe('fail');
    expect(run('raster.effective_dpi', f, { min_dpi: 72 }).outcome).toBe('pass');
    expect(run('raster.icc_required', f).message).toBe('Colour profile embedded: sRGB IEC61966-2.1.');
  });
});
