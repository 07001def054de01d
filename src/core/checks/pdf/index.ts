// Every PDF check, for the registry. raster.effective_dpi is shared with raster files: for a PDF
// it applies to the images placed on its pages (reference "How checks apply"), so the raster
// check is wrapped to dispatch on the file kind (the registry keeps the later entry per id).
import type { CheckDef } from '../types';
import { rasterChecks } from '../raster';
import '../messages-en';
import { bleedCheck, trimBoxCheck } from './bleed';
import { colorChecks } from './color';
import { geometryChecks } from './geometry';
import { imageChecks, minResolution } from './images';
import { safetyMarginCheck } from './safety';
import { structureChecks } from './structure';
import { textChecks } from './text';
import { positive, withPdf } from './util';
import { printColorChecks } from '../print/color-checks';
import { pdfaChecks } from '../print/pdfa';
import { printTextChecks } from '../print/text-checks';

function effectiveDpiForBoth(): CheckDef[] {
  const raster = rasterChecks.find((c) => c.id === 'raster.effective_dpi');
  const runPdf: CheckDef['run'] = (facts, target) =>
    withPdf('raster.effective_dpi', facts, (pdf) => minResolution('raster.effective_dpi', pdf, positive(target.min_dpi) ?? 300));
  if (!raster) return [{ id: 'raster.effective_dpi', section: 'raster', kinds: ['pdf'], defaultSeverity: 'reject', run: runPdf }];
  return [
    {
      ...raster,
      kinds: [...new Set([...raster.kinds, 'pdf' as const])],
      run: (facts, target, context) => (facts.kind === 'pdf' ? runPdf(facts, target, context) : raster.run(facts, target, context)),
    },
  ];
}

export const pdfChecks: CheckDef[] = [
  ...geometryChecks,
  bleedCheck,
  trimBoxCheck,
  safetyMarginCheck,
  ...textChecks,
  ...imageChecks,
  ...colorChecks,
  ...structureChecks,
  ...printTextChecks,
  ...printColorChecks,
  ...pdfaChecks,
  ...effectiveDpiForBoth(),
];
