// Which shipped catalogue a browser or page language gets.
import { describe, expect, it } from 'vitest';
import { localeDirection, supportedLocale, SUPPORTED_LOCALES } from './locales';
import { registerCatalogue, resolveLocale, t } from './i18n';

describe('supportedLocale', () => {
  it('matches by language, ignoring region and case', () => {
    expect(supportedLocale('de-AT')).toBe('de');
    expect(supportedLocale('FR_ca')).toBe('fr');
    expect(supportedLocale('xh-ZA')).toBe('en');
    expect(supportedLocale('')).toBe('en');
  });

  it('tells Brazilian from European Portuguese as CLDR does', () => {
    expect(supportedLocale('pt-BR')).toBe('pt-BR');
    expect(supportedLocale('pt')).toBe('pt-BR');
    expect(supportedLocale('pt-PT')).toBe('pt-PT');
    expect(supportedLocale('pt-AO')).toBe('pt-PT');
  });

  it('gives Norwegian in any spelling Bokmål', () => {
    for (const tag of ['nb', 'nb-NO', 'no', 'no-NO', 'nn-NO']) expect(supportedLocale(tag)).toBe('nb');
  });

  it('gives Simplified Chinese to mainland tags, never to Traditional ones', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-HK']) expect(supportedLocale(tag)).toBe('zh-Hans');
    for (const tag of ['zh-TW', 'zh-HK', 'zh-Hant', 'zh-Hant-TW']) expect(supportedLocale(tag)).toBe('en');
  });
});

describe('localeDirection', () => {
  it('is right to left for Arabic only among the shipped locales', () => {
    expect(localeDirection('ar')).toBe('rtl');
    expect(localeDirection('ar-EG')).toBe('rtl');
    expect(SUPPORTED_LOCALES.filter((l) => localeDirection(l) === 'rtl')).toEqual(['ar']);
  });
});

describe('resolveLocale', () => {
  it('finds a loaded regional catalogue from any spelling of the language', () => {
    registerCatalogue('nb', { 'test.hello': 'Hei' });
    registerCatalogue('zh-Hans', { 'test.hello': '你好' });
    expect(t('test.hello', {}, 'no-NO')).toBe('Hei');
    expect(t('test.hello', {}, 'zh-CN')).toBe('你好');
    expect(resolveLocale('zh-TW')).toBe('en');
  });
});
