// Every locale is complete: each English key exists in every catalogue, with the same
// placeholders (a translation that drops {dpi} would show customers a wrong message).
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../locales';
import { en } from './en';
import { formatTemplate } from '../i18n';
import { loadFullCatalogue } from '../full-catalogue';

/** Placeholder names a template uses, at the top level and inside plural branches. */
function placeholders(template: string): string[] {
  const names = new Set<string>();
  const walk = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      if (text[i] !== '{') continue;
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      const body = text.slice(i + 1, j);
      const [name, kind] = body.split(',').map((x) => x.trim());
      names.add(name!);
      if (kind === 'plural') {
        // branch bodies: "one {…} other {…}" — look inside each for more placeholders
        for (const m of body.matchAll(/(=?\w+)\s*\{/g)) {
          let d = 0;
          let k = m.index! + m[0].length - 1;
          const start = k + 1;
          for (; k < body.length; k++) {
            if (body[k] === '{') d++;
            else if (body[k] === '}' && --d === 0) break;
          }
          if (m.index! > body.indexOf('plural')) walk(body.slice(start, k));
        }
      }
      i = j;
    }
  };
  walk(template);
  return [...names].sort();
}

/** Branch names of every plural placeholder in a template, e.g. [['one', 'other'], …]. */
function pluralBranches(template: string): string[][] {
  const out: string[][] = [];
  for (const m of template.matchAll(/\{\s*\w+\s*,\s*plural\s*,/g)) {
    let depth = 0;
    const names: string[] = [];
    let word = '';
    for (let i = m.index! + m[0].length; i < template.length; i++) {
      const ch = template[i]!;
      if (ch === '{') {
        if (depth === 0) names.push(word.trim());
        depth++;
        word = '';
      } else if (ch === '}') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0) word += ch;
    }
    out.push(names);
  }
  return out;
}

/** Plural categories a count (0…1000) can reach in the locale: each needs its own branch. */
function countCategories(locale: string): string[] {
  const rules = new Intl.PluralRules(locale);
  const seen = new Set<string>();
  for (let n = 0; n <= 1000; n++) seen.add(rules.select(n));
  return [...seen].sort();
}

const others = SUPPORTED_LOCALES.filter((l) => l !== 'en');

it('every locale is registered for lazy loading, with its own catalogue file and portal labels', () => {
  const files = Object.keys(import.meta.glob('./*.ts')).map((f) => f.slice(2, -3));
  expect(others.filter((l) => !files.includes(l)), 'locales without a catalogue file').toEqual([]);
  const portal = Object.keys(import.meta.glob('./admin/*.ts')).map((f) => f.slice('./admin/'.length, -3));
  expect(others.filter((l) => !portal.includes(l)), 'locales without portal labels (admin/<locale>.ts)').toEqual([]);
  expect(SUPPORTED_LOCALES.length, 'English plus at least 19 other languages').toBeGreaterThanOrEqual(20);
});

describe('message catalogues', () => {
  it.each(others)('%s has every English key, with the same placeholders', async (locale) => {
    const messages = await loadFullCatalogue(locale);
    const missing = Object.keys(en).filter((k) => !(k in messages));
    // After a merge adds English keys, `node scripts/missing-messages.mjs` lists them per locale.
    expect(missing, `${missing.length} keys missing in ${locale} (node scripts/missing-messages.mjs lists all locales)`).toEqual([]);
    const extra = Object.keys(messages).filter((k) => !(k in en));
    expect(extra, `keys in ${locale} that English does not have`).toEqual([]);
    const mismatched = Object.keys(en).filter((k) => JSON.stringify(placeholders(en[k]!)) !== JSON.stringify(placeholders(messages[k]!)));
    expect(mismatched, `placeholders differ in ${locale}`).toEqual([]);
    const untranslated = Object.keys(en).filter((k) => en[k]!.length > 12 && messages[k] === en[k]);
    const needed = countCategories(locale);
    const thinPlurals = Object.keys(en).flatMap((k) =>
      pluralBranches(messages[k]!).flatMap((branches) => {
        const lacking = needed.filter((c) => !branches.includes(c) && !(c === 'zero' && branches.includes('=0')) && !(c === 'one' && branches.includes('=1')));
        return lacking.length || !branches.includes('other') ? [`${k} (${lacking.join(', ') || 'other'})`] : [];
      }),
    );
    expect(thinPlurals, `${locale}: plural branches missing for categories ${needed.join('/')}`).toEqual([]);
    expect(untranslated.length, `${locale}: ${untranslated.slice(0, 5).join(', ')} still in English`).toBeLessThan(Object.keys(en).length * 0.05);
  });

  it.each(SUPPORTED_LOCALES)('%s: every message has balanced braces and renders for every count, leaving no brace or # behind', async (locale) => {
    const messages = locale === 'en' ? en : await loadFullCatalogue(locale);
    const broken: string[] = [];
    for (const [key, template] of Object.entries(messages)) {
      let depth = 0;
      for (const ch of template) if ((depth += ch === '{' ? 1 : ch === '}' ? -1 : 0) < 0) break;
      if (depth !== 0) broken.push(`${key}: unbalanced braces`);
      const params: Record<string, string | number> = {};
      for (const name of placeholders(template)) params[name] = 3;
      for (const m of template.matchAll(/\{\s*(\w+)\s*,\s*(\w+)/g)) {
        if (m[2] === 'size' || m[2] === 'sizes') params[m[1]!] = '85×55';
        else if (m[2]!.startsWith('term')) params[m[1]!] = 'rgb';
      }
      for (const count of [0, 1, 2, 3, 5, 11, 21, 100, 1.5]) {
        const countParams = { ...params, ...Object.fromEntries([...template.matchAll(/\{\s*(\w+)\s*,\s*plural/g)].map((m) => [m[1]!, count])) };
        const out = formatTemplate(template, countParams, locale);
        if (/[{}#]/.test(out)) broken.push(`${key} (${count}): ${out}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('formats numbers for the locale and lengths in the shop units', () => {
    expect(formatTemplate('{n}', { n: 1234.5 }, 'de')).toBe('1.234,5');
    expect(formatTemplate('{w, mm}×{h, mm} {unit}', { w: 85, h: 55 }, 'en')).toBe('85×55 mm');
    expect(formatTemplate('{w, mm}×{h, mm} {unit}', { w: 85, h: 55 }, 'en', { units: 'in' })).toBe('3.35×2.17 in');
    expect(formatTemplate('{count, plural, one {# Datei} other {# Dateien}}', { count: 3 }, 'de')).toBe('3 Dateien');
    expect(formatTemplate('{s, size}', { s: '210×297' }, 'en', { units: 'in' })).toBe('8.27×11.69 in');
    expect(formatTemplate('{s, sizes}', { s: '85×55|55×85' }, 'de')).toBe('85×55 mm oder 55×85 mm');
    expect(formatTemplate('{count, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}', { count: 5 }, 'pl')).toBe('5 plików');
    const czech = '{count, plural, one {# soubor} few {# soubory} many {# souboru} other {# souborů}}';
    expect([1, 3, 1.5, 7].map((count) => formatTemplate(czech, { count }, 'cs'))).toEqual(['1 soubor', '3 soubory', '1,5 souboru', '7 souborů']);
    const arabic = '{count, plural, zero {لا ملفات} one {ملف واحد} two {ملفان} few {# ملفات} many {# ملفًا} other {# ملف}}';
    expect([0, 1, 2, 5, 11, 100].map((count) => formatTemplate(arabic, { count }, 'ar'))).toEqual(['لا ملفات', 'ملف واحد', 'ملفان', '5 ملفات', '11 ملفًا', '100 ملف']);
    expect(formatTemplate('{n}', { n: 1234.5 }, 'pt-PT')).toBe('1234,5');
    // in right-to-left text a size stays one left-to-right unit, so "mm" cannot drift away
    expect(formatTemplate('{s, size}', { s: '210×297' }, 'ar')).toBe('\u2066210×297 mm\u2069');
    expect(formatTemplate('{s, size}', { s: '210×297' }, 'he')).toBe('\u2066210×297 mm\u2069');
    expect(formatTemplate('{s, size}', { s: '210×297' }, 'ja')).toBe('210×297 mm');
    expect(formatTemplate('{w, mm}×{h, mm} {unit}', { w: 85.5, h: 55 }, 'cs')).toBe('85,5×55 mm');
  });
});
