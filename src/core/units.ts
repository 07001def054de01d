// Length/area unit conversion and rounding for connector bindings. Pure: no DOM, no I/O.
// A unit is a name ('mm' | 'cm' | 'in' | 'pt', plus 'm') or a number = millimetres per unit
// (e.g. 25.4 for inches, 0.3527… for points, 1000 for metres).

export type UnitName = 'mm' | 'cm' | 'm' | 'in' | 'pt';
export type Unit = UnitName | number;
export type RoundMode = 'round' | 'floor' | 'ceil';

const MM_PER: Record<UnitName, number> = {
  mm: 1,
  cm: 10,
  m: 1000,
  in: 25.4,
  pt: 25.4 / 72,
};

/** Millimetres per unit, or null when the unit is not understood (unknown name, ≤ 0, not finite). */
export function mmPerUnit(unit: unknown): number | null {
  if (typeof unit === 'number') return Number.isFinite(unit) && unit > 0 ? unit : null;
  if (typeof unit === 'string') {
    const key = unit.trim().toLowerCase();
    if (Object.prototype.hasOwnProperty.call(MM_PER, key)) return MM_PER[key as UnitName];
    // A numeric string ("25.4") is a number of mm per unit too (attributes and JSON configs).
    if (key !== '' && /^[0-9.eE+-]+$/.test(key)) return mmPerUnit(Number(key));
  }
  return null;
}

export function isUnit(unit: unknown): unit is Unit {
  return mmPerUnit(unit) !== null;
}

/**
 * Convert a length (dimension 1) or an area (dimension 2: the unit is squared) from one unit to
 * another. Throws on an unknown unit; callers validate first with isUnit().
 */
export function convert(value: number, from: Unit = 'mm', to: Unit = from, dimension: 1 | 2 = 1): number {
  const a = mmPerUnit(from);
  const b = mmPerUnit(to);
  if (a === null) throw new RangeError(`unknown unit: ${String(from)}`);
  if (b === null) throw new RangeError(`unknown unit: ${String(to)}`);
  if (a === b) return value;
  // Multiply first, divide last: exact for the common cases (25.4 mm → 1 in).
  return dimension === 2 ? (value * a * a) / (b * b) : (value * a) / b;
}

/**
 * Cancel binary floating-point noise (254 mm → 10.000000000000002 in, 1.005 × 100 →
 * 100.49999999999999) by keeping 12 significant digits: far beyond any print measure.
 */
export function clean(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(12));
}

/**
 * Round to `decimals` places (0..10) with the given mode. Ties round away from zero ('round').
 * Floating-point noise is removed first, so ceil(254 mm in inches) is 10, not 11.
 */
export function roundTo(value: number, decimals = 0, mode: RoundMode = 'round'): number {
  if (!Number.isFinite(value)) return value;
  const d = Math.min(10, Math.max(0, Math.trunc(decimals)));
  const scale = 10 ** d;
  const scaled = clean(value * scale);
  let r: number;
  if (mode === 'floor') r = Math.floor(scaled);
  else if (mode === 'ceil') r = Math.ceil(scaled);
  else r = Math.sign(scaled) * Math.round(Math.abs(scaled));
  const out = clean(r / scale);
  return Object.is(out, -0) ? 0 : out;
}

export interface ConvertOptions {
  from?: Unit;
  to?: Unit;
  dimension?: 1 | 2;
  decimals?: number;
  round?: RoundMode;
}

/**
 * Convert, then round. Without `decimals` and `round` the result is only cleaned of float noise;
 * `round` alone means 0 decimals; `decimals` alone means mode 'round'.
 */
export function convertAndRound(value: number, opts: ConvertOptions = {}): number {
  const converted = convert(value, opts.from ?? 'mm', opts.to ?? opts.from ?? 'mm', opts.dimension ?? 1);
  if (opts.decimals === undefined && opts.round === undefined) return clean(converted);
  return roundTo(converted, opts.decimals ?? 0, opts.round ?? 'round');
}
