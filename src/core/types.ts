// Shared vocabulary of the SDK. Pure types: no DOM, no I/O, usable by browser, worker, server, CLI.
// Names and shapes follow ../shared/reference.md; where design.md differs, design.md wins.

/** The two kinds of file a rule can accept. */
export type FileKind = 'pdf' | 'raster';

/** Formats recognised from content (magic bytes). 'unknown' when nothing matched. */
export type FileFormat =
  | 'pdf'
  | 'jpeg'
  | 'png'
  | 'tiff'
  | 'webp'
  | 'gif'
  | 'bmp'
  | 'heic'
  | 'avif'
  | 'psd'
  | 'svg'
  | 'eps'
  | 'zip'
  | 'unknown';

/** What sniffing the first bytes of a file says about it. */
export interface SniffResult {
  format: FileFormat;
  /** null when the format is not something a rule can accept (zip, psd, unknown...). */
  kind: FileKind | null;
  /** Canonical MIME type of the detected format ('application/octet-stream' for unknown). */
  mime: string;
  /** Canonical extensions of the detected format, lower case, without dot. */
  extensions: string[];
}

export type Severity = 'reject' | 'warn' | 'autofix' | 'info' | 'off';
export type OnFail = 'reject' | 'accept_with_warnings' | 'manual_review';
export type FindingOutcome = 'fail' | 'warn' | 'pass' | 'skipped';
/** 'fixed': the server repaired the file and the production file's re-check passes (design.md "Remediation"). */
export type FileOutcome = 'pass' | 'warn' | 'fail' | 'fixed';

/** A rectangle on a PDF page in PDF user space (points), [x0, y0, x1, y1]. */
export type Rect = [number, number, number, number];

export interface Finding {
  /** Check id from the reference (e.g. 'raster.effective_dpi'), or an intake code ('intake.type'). */
  checkId: string;
  severity: Severity;
  outcome: FindingOutcome;
  /** Plain-language message in the evaluation locale. */
  message: string;
  /** Stable machine-readable code for refusals and errors (e.g. 'file_type_refused'). */
  code?: string;
  /** Catalogue key and parameters the message was made from, so a UI can re-render it in another locale. */
  messageKey?: string;
  params?: Record<string, string | number>;
  actual?: unknown;
  target?: unknown;
  /** 1-based page number for PDF findings. */
  page?: number;
  boxes?: { page: number; rect: Rect }[];
}

// ---------------------------------------------------------------------------------------------
// Workflow model

export interface CheckRule {
  id?: string;
  enabled: boolean;
  /** Absent: the check's documented default severity applies (resolved when evaluating). */
  severity?: Severity;
  target: Record<string, unknown>;
}

export type SectionName = 'geometry' | 'raster' | 'text' | 'color' | 'images' | 'structure';

export interface ProfileSection {
  id?: string;
  enabled: boolean;
  rules: Record<string, CheckRule>;
}

export interface Profile {
  id?: string;
  schemaVersion?: number;
  name?: string;
  sections: Partial<Record<SectionName, ProfileSection>> & Record<string, ProfileSection | undefined>;
}

export interface AcceptEntry {
  kind: FileKind;
  mimeTypes: string[];
  extensions: string[];
  /** Bytes; undefined means no per-type limit. */
  maxSize?: number;
  convertToPdf: boolean;
  preflight: { enabled: boolean; profile?: Profile };
  onFail: OnFail;
}

export interface Slot {
  id: string;
  label: string;
  required: boolean;
}

export interface Cardinality {
  min: number;
  max: number;
  slots: Slot[];
}

export interface Rule {
  id?: string;
  description?: string;
  cardinality: Cardinality;
  accepts: AcceptEntry[];
  rejectUnknownTypes: boolean;
  ui?: { title?: string };
}

export interface UiOptions {
  title?: string;
  subtitle?: string;
  theme?: 'light' | 'dark' | 'system';
  accent?: string;
  layout?: 'inline' | 'modal' | 'drawer' | 'compact';
  showHeader?: boolean;
  showHelp?: boolean;
  helpText?: string;
  submitLabel?: string;
  autoSubmit?: boolean;
  branding?: boolean;
  resultsDisplay?: 'full' | 'list';
  /** Units used to show sizes to the customer. */
  units?: 'mm' | 'in';
}

export interface Workflow {
  id?: string;
  schemaVersion: 1;
  title?: string;
  trigger?: unknown;
  ui?: UiOptions;
  rule: Rule;
  /** Ask the customer to approve a soft proof before the gate opens. */
  proof?: { approvalRequired?: boolean; message?: string; affirmButtonText?: string };
}

/** Per-order narrowing of a profile (reference "Context"). */
export interface IntakeContext {
  artworkSize?: { width_mm: number; height_mm: number };
  pageCount?: { min?: number; max?: number };
  fileCount?: { min?: number; max?: number };
  bleed?: { required_mm: number };
  safety?: { min_mm: number };
}

// ---------------------------------------------------------------------------------------------
// Facts: what inspection learned about a file. Plain JSON (structured-clone and JSON safe).

export type ColorMode = 'rgb' | 'cmyk' | 'ycck' | 'gray' | 'indexed' | 'lab' | 'unknown';

export interface RasterFacts {
  widthPx: number;
  heightPx: number;
  /** EXIF orientation 1..8 (1 when absent). */
  orientation: number;
  /** Pixel size as displayed, after applying the EXIF orientation (swapped for 5..8). */
  displayWidthPx: number;
  displayHeightPx: number;
  /** Stated resolution in pixels per inch, when the file states one. */
  dpiX?: number;
  dpiY?: number;
  dpiSource?: 'jfif' | 'exif' | 'phys' | 'tiff' | 'bmp' | 'psd' | 'none';
  colorMode: ColorMode;
  /** Bits per channel (e.g. 8, 16; 1 for bilevel). */
  bitsPerChannel: number;
  channels?: number;
  hasAlpha: boolean;
  icc?: { description?: string; colorSpace?: string; size: number };
  frames?: number;
  /** Physical size from the stated resolution, in mm, when known. */
  widthMm?: number;
  heightMm?: number;
}

export interface PdfBoxes {
  media: Rect;
  crop: Rect;
  trim?: Rect;
  bleed?: Rect;
  art?: Rect;
}

export interface PdfPageFacts {
  /** 1-based. */
  page: number;
  boxes: PdfBoxes;
  rotate: number;
  userUnit: number;
  /** Trim size (TrimBox, else CropBox ∩ MediaBox) in mm, rotation applied. */
  widthMm: number;
  heightMm: number;
  colorSpaces?: string[];
  usesTransparency?: boolean;
  isColor?: boolean | null;
  /** Bounding box of visible text start points (PDF points), a rough content extent for safety-margin checks. */
  textBox?: Rect;
  /** True when the content stream walk stopped early (budget, encryption, unknown filter). */
  contentIncomplete?: boolean;
}

export interface PdfFontFact {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  type3: boolean;
  pages: number[];
  invisibleOnly?: boolean;
}

export interface PdfImageFact {
  page: number;
  widthPx: number;
  heightPx: number;
  /** Effective resolution at placed size (pixels per inch), each axis. */
  ppiX: number;
  ppiY: number;
  colorSpace: string;
  bitsPerComponent: number;
  hasMask: boolean;
  filter?: string;
  rect?: Rect;
}

export interface PdfFacts {
  version: string;
  pageCount: number;
  pages: PdfPageFacts[];
  fonts: PdfFontFact[];
  images: PdfImageFact[];
  colorSpaces: string[];
  spotColors: string[];
  outputIntents: { subtype: string; identifier?: string; info?: string }[];
  usesTransparency: boolean;
  annotations: { page: number; subtype: string; rect?: Rect }[];
  formFields: number;
  xfa: boolean;
  javascript: boolean;
  attachments: number;
  layers: number;
  signatures: number;
  encrypted: boolean;
  /** null when not encrypted; else whether printing is allowed. */
  permissions: { print: boolean; modify: boolean; copy: boolean } | null;
  pdfx?: string;
  pdfa?: string;
  /** Parser warnings (structure integrity). */
  warnings: string[];
  /** Which reader produced the facts. */
  reader: 'object-reader' | 'pdfjs';
}

export interface FileFacts {
  format: FileFormat;
  kind: FileKind | null;
  mime: string;
  size: number;
  /** Bytes actually read to produce the facts (for budgets). */
  bytesRead?: number;
  raster?: RasterFacts;
  pdf?: PdfFacts;
}

// ---------------------------------------------------------------------------------------------
// Job state

export type FileState = 'refused' | 'inspecting' | 'uploading' | 'verifying' | 'done' | 'error';

export type JobStatus = 'idle' | 'incomplete' | 'uploading' | 'processing' | 'ready' | 'partial' | 'rejected';

export interface IntakeError {
  code: string;
  message: string;
}

/** What the pure job derivation needs to know about one file. */
export interface JobFile {
  id: string;
  state: FileState;
  /** Set when state is 'done'. */
  outcome: FileOutcome | null;
  /** onFail of the accept entry the file matched (null when refused or unmatched). */
  onFail: OnFail | null;
  /** Slot id the file was put in, when the rule has slots. */
  slot?: string | null;
  /** For state 'error': the reason. */
  error?: IntakeError | null;
}

export interface JobState {
  status: JobStatus;
  terminal: boolean;
  canProceed: boolean;
  /** True when a failure was accepted under onFail 'manual_review'. */
  review: boolean;
}

// ---------------------------------------------------------------------------------------------
// Public payloads (reference "Status payload")

export interface StatusFile {
  id: string;
  name: string;
  fileRef: string | null;
  outcome: FileOutcome | null;
  status: string | null;
  outputRef: string | null;
}

export interface IntakeFileFacts {
  id: string;
  name: string;
  pageCount: number | null;
  width: number | null;
  height: number | null;
  area: number | null;
  orientation: 'portrait' | 'landscape' | 'square' | null;
  spotColorCount: number | null;
  usesTransparency: boolean | null;
  colorPageCount: number | null;
  monoPageCount: number | null;
}

export interface IntakeFacts {
  files: IntakeFileFacts[];
  aggregate: {
    fileCount: number;
    pageCount: number;
    colorPageCount: number;
    monoPageCount: number;
    width: number | null;
    height: number | null;
    area: number | null;
  };
}

export interface StatusPayload {
  status: JobStatus;
  terminal: boolean;
  canProceed: boolean;
  workflowId: string | null;
  jobId: string | null;
  files: StatusFile[];
  facts?: IntakeFacts;
}
