// Where the remediation engines and colour profiles are, and whether they can run here.
//
// Engines: sharp (libvips + little-cms, images), pdf-lib (PDF structure, boxes, mirrored bleed),
// Ghostscript (PDF colour conversion; Debian's `ghostscript`, a separate process). A missing
// engine makes its fixes "unavailable" (recorded on the file, the check keeps its warning).
//
// Profiles (settings, server/README.md):
//   FILECHECK_CMYK_PROFILE  the shop's CMYK output profile (FOGRA39, GRACoL …); default: the CMYK
//                           profile Ghostscript ships (iccprofiles/default_cmyk.icc). Debian's
//                           icc-profiles-free carries no CMYK profile (only FOGRA measurement data).
//   FILECHECK_GRAY_PROFILE  greyscale profile; default Gray.icc of icc-profiles-free (zlib licence),
//                           else Ghostscript's default_gray.icc.
//   FILECHECK_GS            Ghostscript binary (default `gs` on PATH).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface ColourProfile {
  path: string;
  /** The profile's description tag (output intent identifier). */
  description: string;
}

export interface Engines {
  /** Absolute path of gs, or null when Ghostscript is not installed. */
  ghostscript: string | null;
  cmyk: ColourProfile | null;
  gray: ColourProfile | null;
}

function ghostscriptProfiles(): string[] {
  const root = '/usr/share/ghostscript';
  try {
    return fs.readdirSync(root).map((v) => path.join(root, v, 'iccprofiles')).filter((d) => fs.existsSync(d));
  } catch {
    return [];
  }
}

function firstExisting(candidates: (string | undefined)[]): string | null {
  for (const c of candidates) if (c && fs.existsSync(c)) return path.resolve(c);
  return null;
}

/** The 'desc' tag of an ICC profile (v2 textDescriptionType or v4 multiLocalizedUnicode). */
export function iccDescription(bytes: Buffer): string {
  try {
    const count = bytes.readUInt32BE(128);
    for (let i = 0; i < count; i++) {
      const at = 132 + i * 12;
      if (bytes.toString('latin1', at, at + 4) !== 'desc') continue;
      const off = bytes.readUInt32BE(at + 4);
      const type = bytes.toString('latin1', off, off + 4);
      if (type === 'desc') {
        const n = bytes.readUInt32BE(off + 8);
        return bytes.toString('latin1', off + 12, off + 12 + n).replace(/\0+$/, '');
      }
      if (type === 'mluc') {
        const recLen = bytes.readUInt32BE(off + 12);
        const len = bytes.readUInt32BE(off + 16 + 4);
        const start = bytes.readUInt32BE(off + 16 + 8);
        void recLen;
        const utf16 = bytes.subarray(off + start, off + start + len);
        return Buffer.from(utf16).swap16().toString('utf16le').replace(/\0+$/, '');
      }
    }
  } catch {
    // fall through: an unreadable description is not a reason to refuse the profile
  }
  return 'CMYK';
}

function profile(file: string | null): ColourProfile | null {
  if (!file) return null;
  return { path: file, description: iccDescription(fs.readFileSync(file)) };
}

function which(bin: string): string | null {
  if (bin.includes('/')) return fs.existsSync(bin) ? bin : null;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, bin);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

let cached: Engines | null = null;

/** Look the engines up once per process (env read at first use). */
export function findEngines(env: NodeJS.ProcessEnv = process.env): Engines {
  if (cached && env === process.env) return cached;
  const gsDirs = ghostscriptProfiles();
  const engines: Engines = {
    ghostscript: which(env.FILECHECK_GS || 'gs'),
    cmyk: profile(firstExisting([env.FILECHECK_CMYK_PROFILE, ...gsDirs.map((d) => path.join(d, 'default_cmyk.icc'))])),
    gray: profile(firstExisting([env.FILECHECK_GRAY_PROFILE, '/usr/share/color/icc/Gray.icc', ...gsDirs.map((d) => path.join(d, 'default_gray.icc'))])),
  };
  if (env === process.env) cached = engines;
  return engines;
}

/** Ghostscript's version, for the record of a fix ("ghostscript 10.00.0"). */
const versions = new Map<string, string>();

export function ghostscriptVersion(gs: string): string {
  let v = versions.get(gs);
  if (v === undefined) {
    try {
      v = execFileSync(gs, ['--version'], { encoding: 'utf8', timeout: 5000 }).trim();
    } catch {
      v = 'unknown';
    }
    versions.set(gs, v);
  }
  return v;
}
