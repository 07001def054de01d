import { describe, expect, it } from 'vitest';
import { listFormat, numberFormat, pluralRules } from './intl';

describe('cached Intl formatters', () => {
  it('one formatter per locale and options, formatting as a fresh one does', () => {
    const a = numberFormat('de', { maximumFractionDigits: 1 });
    expect(numberFormat('de', { maximumFractionDigits: 1 })).toBe(a);
    expect(numberFormat('de', { maximumFractionDigits: 2 })).not.toBe(a);
    expect(numberFormat('fr', { maximumFractionDigits: 1 })).not.toBe(a);
    expect(a.format(1234.56)).toBe(new Intl.NumberFormat('de', { maximumFractionDigits: 1 }).format(1234.56));
    expect(pluralRules('cs').select(3)).toBe('few');
    expect(listFormat('en', { type: 'disjunction' }).format(['PDF', 'PNG'])).toBe('PDF or PNG');
  });

  it('a locale Intl refuses still throws, and is not kept', () => {
    expect(() => numberFormat('not a locale!')).toThrow(RangeError);
    expect(() => numberFormat('not a locale!')).toThrow(RangeError);
  });
});
