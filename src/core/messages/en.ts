// English catalogue, assembled from one file per area so that areas can grow independently.
import { intake } from './en/intake';
import { judging } from './en/judging';
import { raster } from './en/raster';
import { pdf } from './en/pdf';
import { ui } from './en/ui';
import { remediation } from './en/remediation';

export const en: Record<string, string> = { ...ui, ...intake, ...judging, ...raster, ...pdf, ...remediation };
