import { describe, expect, it } from 'vitest';
import { localized } from './localized';

describe('localized store texts', () => {
  it('a plain string is the same in every locale', () => {
    expect(localized('Front', 'de')).toBe('Front');
    expect(localized(undefined, 'de')).toBeUndefined();
  });
  it('by locale: exact tag, then language, then English, then the first given', () => {
    const t = { en: 'Front', de: 'Vorderseite', 'de-CH': 'Vorderseite (CH)' };
    expect(localized(t, 'de-CH')).toBe('Vorderseite (CH)');
    expect(localized(t, 'de-AT')).toBe('Vorderseite');
    expect(localized(t, 'fr')).toBe('Front');
    expect(localized({ nl: 'Voorkant' }, 'fr')).toBe('Voorkant');
  });
});
