// The checks' English messages travel with the checks: importing any check module registers
// them, so they stay out of the script-tag bundle (which only loads checks on first use).
import { registerCatalogue } from '../i18n';
import { pdf } from '../messages/en/pdf';
import { raster } from '../messages/en/raster';

registerCatalogue('en', { ...raster, ...pdf });
