#!/usr/bin/env node
// Lists, per locale, the message keys English has and the locale lacks (and keys the locale has
// that English no longer does). Run after merging branches that add English keys:
//   node scripts/missing-messages.mjs            all locales
//   node scripts/missing-messages.mjs cs ja      only these
//   node scripts/missing-messages.mjs --json     machine-readable { locale: { missing, extra } }
// Exits 1 when anything is missing, so it can guard a build.
import { tsImport } from 'tsx/esm/api';

const root = new URL('../src/core/', import.meta.url);
const load = (path) => tsImport(new URL(path, root).href, import.meta.url);

const { SUPPORTED_LOCALES } = await load('./locales.ts');
const { en } = await load('./messages/en.ts');
// A locale's catalogue is its widget messages plus the portal's labels (admin/<locale>.ts).
const { loadFullCatalogue } = await load('./full-catalogue.ts');
const args = process.argv.slice(2);
const json = args.includes('--json');
const wanted = args.filter((a) => !a.startsWith('--'));
const locales = SUPPORTED_LOCALES.filter((l) => l !== 'en' && (wanted.length === 0 || wanted.includes(l)));

const report = {};
for (const locale of locales) {
  const messages = await loadFullCatalogue(locale);
  const missing = Object.keys(en).filter((k) => !(k in messages));
  const extra = Object.keys(messages).filter((k) => !(k in en));
  if (missing.length || extra.length) report[locale] = { missing, extra };
}

if (json) console.log(JSON.stringify(report, null, 2));
else if (Object.keys(report).length === 0) console.log(`All ${locales.length} locales have every English key.`);
else {
  for (const [locale, { missing, extra }] of Object.entries(report)) {
    console.log(`${locale}: ${missing.length} missing, ${extra.length} extra`);
    for (const k of missing) console.log(`  - ${k}: ${JSON.stringify(en[k])}`);
    for (const k of extra) console.log(`  + ${k} (not in English)`);
  }
}
process.exitCode = Object.values(report).some((r) => r.missing.length) ? 1 : 0;
