import { describe, expect, it } from 'vitest';
import { clean, convert, convertAndRound, isUnit, mmPerUnit, roundTo } from './units';

describe('mmPerUnit', () => {
  it('knows the named units and takes a number as mm per unit', () => {
    expect(mmPerUnit('mm')).toBe(1);
    expect(mmPerUnit('cm')).toBe(10);
    expect(mmPerUnit('in')).toBe(25.4);
    expect(mmPerUnit('pt')).toBeCloseTo(0.352778, 6);
    expect(mmPerUnit('IN')).toBe(25.4);
    expect(mmPerUnit(1000)).toBe(1000);
    expect(mmPerUnit('25.4')).toBe(25.4);
  });
  it('rejects what it does not understand', () => {
    for (const bad of ['ft', '', 0, -1, Number.NaN, Infinity, null, undefined, {}, '1e999']) expect(mmPerUnit(bad)).toBeNull();
    expect(isUnit('px')).toBe(false);
    expect(isUnit('pt')).toBe(true);
  });
});

describe('convert', () => {
  it('converts lengths', () => {
    expect(convert(210, 'mm', 'cm')).toBe(21);
    expect(convert(25.4, 'mm', 'in')).toBe(1);
    expect(convert(1, 'in', 'pt')).toBeCloseTo(72, 10);
    expect(convert(72, 'pt', 'mm')).toBeCloseTo(25.4, 10);
    expect(convert(5, 'cm', 'mm')).toBe(50);
    expect(convert(2, 'mm', 2)).toBe(1); // 2 mm per unit
  });
  it('converts areas with the unit squared', () => {
    expect(convert(62370, 'mm', 'cm', 2)).toBeCloseTo(623.7, 10);
    expect(convert(645.16, 'mm', 'in', 2)).toBeCloseTo(1, 10);
    expect(convert(1, 'm', 'mm', 2)).toBe(1_000_000);
  });
  it('is the identity without a target unit', () => {
    expect(convert(123.456)).toBe(123.456);
    expect(convert(5, 'cm')).toBe(5);
  });
  it('throws on unknown units', () => {
    expect(() => convert(1, 'ft' as never, 'mm')).toThrow(/unknown unit/);
    expect(() => convert(1, 'mm', 0)).toThrow(/unknown unit/);
  });
});

describe('roundTo', () => {
  it('rounds, floors and ceils to a number of decimals', () => {
    expect(roundTo(11.6929, 2)).toBe(11.69);
    expect(roundTo(11.695, 2)).toBe(11.7);
    expect(roundTo(623.7, 0, 'floor')).toBe(623);
    expect(roundTo(623.2, 0, 'ceil')).toBe(624);
    expect(roundTo(8.2677, 1, 'ceil')).toBe(8.3);
    expect(roundTo(8.2677, 1, 'floor')).toBe(8.2);
    expect(roundTo(2.5)).toBe(3);
    expect(roundTo(-2.5)).toBe(-3);
    expect(roundTo(-0.4)).toBe(0);
    expect(Object.is(roundTo(-0.4), 0)).toBe(true);
  });
  it('is not fooled by binary floating point noise', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(convert(254, 'mm', 'in'), 0, 'ceil')).toBe(10);
    expect(roundTo(convert(254, 'mm', 'in'), 0, 'floor')).toBe(10);
    expect(roundTo(0.1 + 0.2, 1, 'floor')).toBe(0.3);
    expect(roundTo(0.1 + 0.2, 1, 'ceil')).toBe(0.3);
  });
  it('clamps decimals and passes non-finite values through', () => {
    expect(roundTo(1.23456, -3)).toBe(1);
    expect(roundTo(1.5, 2.9)).toBe(1.5);
    expect(roundTo(Number.NaN, 2)).toBeNaN();
  });
});

describe('convertAndRound', () => {
  it('only cleans float noise when neither decimals nor round is given', () => {
    expect(convertAndRound(254, { to: 'in' })).toBe(10);
    expect(convertAndRound(210, { to: 'in' })).toBeCloseTo(8.26771653543, 10);
  });
  it('round alone means 0 decimals; decimals alone means round', () => {
    expect(convertAndRound(297, { to: 'in', round: 'ceil' })).toBe(12);
    expect(convertAndRound(297, { to: 'in', decimals: 2 })).toBe(11.69);
    expect(convertAndRound(62370, { to: 'cm', dimension: 2, decimals: 0, round: 'floor' })).toBe(623);
    expect(convertAndRound(2, { from: 'cm', to: 'mm' })).toBe(20);
  });
  it('clean keeps 12 significant digits', () => {
    expect(clean(10.000000000000002)).toBe(10);
    expect(clean(0)).toBe(0);
    expect(clean(Infinity)).toBe(Infinity);
  });
});
