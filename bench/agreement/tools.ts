// The reference tools the agreement test compares our inspector with: poppler's pdfinfo, pdffonts
// and pdfimages (Debian: poppler-utils) and exiftool (libimage-exiftool-perl). Each is run as a
// child process with a time limit; its text output is parsed into plain records here.
import { execFile } from 'node:child_process';

export interface ToolRun {
  stdout: string;
  stderr: string;
  ok: boolean;
}

export function run(cmd: string, args: string[], timeoutMs = 20_000): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, ok: !err });
    });
  });
}

/** Whether a command exists (the test says clearly what to install when it does not). */
export async function have(cmd: string): Promise<boolean> {
  const r = await run(cmd, ['-v']);
  return r.ok || /version/i.test(r.stdout + r.stderr);
}

export type Box = [number, number, number, number];

export interface PopplerPage {
  page: number;
  rot: number;
  media: Box;
  crop: Box;
  bleed: Box;
  trim: Box;
  art: Box;
}

export interface PdfInfo {
  pages: number;
  encrypted: boolean;
  version: string;
  boxes: PopplerPage[];
}

/** `pdfinfo -box -f 1 -l N`: page count, version, encryption and every page's boxes and rotation. */
export function parsePdfinfo(text: string): PdfInfo {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim();
  const pages = new Map<number, Partial<PopplerPage>>();
  const page = (n: number) => pages.get(n) ?? (pages.set(n, { page: n }), pages.get(n)!);
  for (const m of text.matchAll(/^Page\s+(\d+)\s+(MediaBox|CropBox|BleedBox|TrimBox|ArtBox):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)/gm)) {
    const key = m[2]!.replace('Box', '').toLowerCase() as 'media' | 'crop' | 'bleed' | 'trim' | 'art';
    page(Number(m[1]))[key] = [Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
  }
  for (const m of text.matchAll(/^Page\s+(\d+)\s+rot:\s+(-?\d+)/gm)) page(Number(m[1])).rot = Number(m[2]);
  return {
    pages: Number(field('Pages') ?? NaN),
    encrypted: (field('Encrypted') ?? 'no').startsWith('yes'),
    version: field('PDF version') ?? '',
    boxes: [...pages.values()].filter((p): p is PopplerPage => !!(p.media && p.crop && p.bleed && p.trim && p.art && p.rot !== undefined)),
  };
}

export interface PopplerFont {
  name: string;
  type: string;
  emb: boolean;
  sub: boolean;
}

/** `pdffonts`: one row per font in the pages' resources (fixed-width columns under a dashed rule). */
export function parsePdffonts(text: string): PopplerFont[] {
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => /^-{10,}/.test(l));
  if (rule < 0) return [];
  // column widths from the dashed rule: name, type, encoding, emb, sub, uni, object ID
  const cols: [number, number][] = [];
  for (const m of lines[rule]!.matchAll(/-+/g)) cols.push([m.index!, m.index! + m[0].length]);
  const cell = (l: string, i: number) => l.slice(cols[i]![0], i + 1 < cols.length ? cols[i + 1]![0] : undefined).trim();
  return lines
    .slice(rule + 1)
    .filter((l) => l.trim())
    .map((l) => ({ name: cell(l, 0), type: cell(l, 1), emb: cell(l, 3) === 'yes', sub: cell(l, 4) === 'yes' }));
}

export interface PopplerImage {
  page: number;
  type: string;
  width: number;
  height: number;
  color: string;
  bpc: number;
  xppi: number;
  yppi: number;
}

/** `pdfimages -list`: one row per image drawn (images, stencil masks, soft masks), with placed ppi. */
export function parsePdfimages(text: string): PopplerImage[] {
  const out: PopplerImage[] = [];
  for (const l of text.split('\n')) {
    const c = l.trim().split(/\s+/);
    if (c.length < 13 || !/^\d+$/.test(c[0]!)) continue;
    // the object ID is two columns ("12 0") or one ("[inline]"): ppi are counted from the right
    const n = c.length;
    out.push({ page: Number(c[0]), type: c[2]!, width: Number(c[3]), height: Number(c[4]), color: c[5]!, bpc: Number(c[7]), xppi: Number(c[n - 4]), yppi: Number(c[n - 3]) });
  }
  return out;
}

export const EXIF_TAGS = [
  'ImageWidth',
  'ImageHeight',
  'Orientation',
  'XResolution',
  'YResolution',
  'ResolutionUnit',
  'PixelsPerUnitX',
  'PixelsPerUnitY',
  'PixelUnits',
  'ColorComponents',
  'ColorType',
  'PhotometricInterpretation',
  'BitsPerSample',
  'BitDepth',
  'ColorTransform',
];

export type ExifRecord = Record<string, string | number> & { SourceFile: string };

/** exiftool once for many files (it starts slowly): numeric values, tags qualified by group. */
export async function exiftool(files: string[]): Promise<Map<string, ExifRecord>> {
  const out = new Map<string, ExifRecord>();
  for (let i = 0; i < files.length; i += 200) {
    const r = await run('exiftool', ['-json', '-n', '-G1', '-q', '-q', ...EXIF_TAGS.map((t) => `-${t}`), ...files.slice(i, i + 200)], 120_000);
    if (!r.stdout.trim()) continue;
    for (const rec of JSON.parse(Buffer.from(r.stdout, 'latin1').toString('utf8')) as ExifRecord[]) out.set(rec.SourceFile, rec);
  }
  return out;
}
