// raster.background_removal [warn] (reference: "flags a flat (e.g. white) background that would
// print"; remediation runs background removal first). Judged from the image's border in a small
// downscale (facts.raster.background): an opaque border that is ≥ 90 % one colour is a flat
// background; a transparent one is not. Where nothing decoded the pixels (a format the browser
// cannot decode, a file over the decode caps) the server decodes it with sharp after upload.
import type { CheckDef } from './types';
import { CHECKED_AFTER_UPLOAD } from './print/color-checks';
import './messages-en';

const fraction = (v: unknown, dflt: number) => (typeof v === 'number' && v > 0 && v <= 1 ? v : dflt);

export const backgroundRemoval: CheckDef = {
  id: 'raster.background_removal',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'warn',
  run(facts, target) {
    const bg = facts.raster?.background;
    if (!facts.raster) return [{ outcome: 'skipped', messageKey: 'raster.not_inspected', params: { check: this.id } }];
    if (!bg) return [{ outcome: 'skipped', messageKey: 'raster.background_removal.skipped', code: CHECKED_AFTER_UPLOAD }];
    if ('error' in bg) return [{ outcome: 'skipped', messageKey: 'raster.background_removal.failed', actual: bg }];
    const minUniform = fraction(target.min_uniform, 0.9);
    if (bg.transparent >= 0.5) return [{ outcome: 'pass', messageKey: 'raster.background_removal.pass_transparent', actual: bg }];
    if (bg.transparent < 0.1 && bg.uniform >= minUniform) {
      return [{ outcome: 'fail', messageKey: 'raster.background_removal.fail', params: { color: bg.color, area: Math.round(bg.area * 100) }, actual: bg, target: { min_uniform: minUniform } }];
    }
    return [{ outcome: 'pass', messageKey: 'raster.background_removal.pass', actual: bg }];
  },
};
