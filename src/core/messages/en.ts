// English catalogue, assembled from one file per area so that areas can grow independently.
// Every locale has all of it: <locale>.ts (what the widget loads) plus admin/<locale>.ts (the
// portal's labels, loaded by the portal only); ../full-catalogue.ts joins the two for checks.
import { intake } from './en/intake';
import { judging } from './en/judging';
import { raster } from './en/raster';
import { pdf } from './en/pdf';
import { ui } from './en/ui';
import { remediation } from './en/remediation';
import { admin } from './en/admin';

export const en: Record<string, string> = { ...ui, ...intake, ...judging, ...raster, ...pdf, ...remediation, ...admin };
