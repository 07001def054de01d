// Colour spaces declared by code points instead of an ICC profile (ITU-T H.273 "CICP"), as an HEIF
// nclx colour box or a PNG cICP chunk carries them. Only a declaration that names both the
// primaries and the transfer function says which colours the numbers mean.

const PRIMARIES: Record<number, string> = {
  1: 'BT.709',
  4: 'BT.470 M',
  5: 'BT.601 (625 lines)',
  6: 'BT.601 (525 lines)',
  7: 'SMPTE 240M',
  9: 'BT.2020',
  11: 'DCI-P3',
  12: 'Display P3',
};

/** 'sRGB', 'Display P3' or e.g. 'BT.2020 (CICP 9/16/9)'; undefined when primaries or transfer are unspecified. */
export function cicpName(primaries: number, transfer: number, matrix: number): string | undefined {
  if (primaries === 0 || primaries === 2 || transfer === 0 || transfer === 2) return undefined;
  if (primaries === 1 && transfer === 13) return 'sRGB';
  if (primaries === 12 && transfer === 13) return 'Display P3';
  return `${PRIMARIES[primaries] ?? `primaries ${primaries}`} (CICP ${primaries}/${transfer}/${matrix})`;
}
