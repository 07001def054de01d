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
  /** The label per locale, when the store gives it in several languages ({ "de": "Vorderseite" }). */
  labels?: Record<string, string>;
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
  ui?: { title?: Localizable };
}

/** A store's text: one string, or one per locale ({ "en": "Front", "de": "Vorderseite" }). */
export type Localizable = string | Readonly<Record<string, string>>;

export interface UiOptions {
  title?: Localizable;
  subtitle?: Localizable;
  theme?: 'light' | 'dark' | 'system';
  accent?: string;
  layout?: 'inline' | 'modal' | 'drawer' | 'compact';
  showHeader?: boolean;
  showHelp?: boolean;
  helpText?: Localizable;
  submitLabel?: Localizable;
  autoSubmit?: boolean;
  branding?: boolean;
  resultsDisplay?: 'full' | 'list';
  /** Units used to show sizes to the customer. */
  units?: 'mm' | 'in';
}

export interface Workflow {
  id?: string;
  schemaVersion: 1;
  title?: Localizable;
  trigger?: unknown;
  ui?: UiOptions;
  rule: Rule;
  /** Ask the customer to approve a soft proof before the gate opens. */
  proof?: { approvalRequired?: boolean; message?: string; affirmButtonText?: string };
  /**
   * The contexts (product variants) the page may select. A context's artworkSize, bleed and
   * safety must together equal one of these; without a list the page cannot set them at all.
   */
  contexts?: ContextVariant[];
}

/** One product variant a workflow allows: the settings a context may fix (see src/core/context.ts). */
export interface ContextVariant {
  id?: string;
  label?: string;
  artworkSize?: { width_mm: number; height_mm: number };
  bleed?: { required_mm: number };
  safety?: { min_mm: number };
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

/** The image's border, from a small downscale (raster.background_removal). */
export interface RasterBackgroundFacts {
  /** Long side of the analysed downscale, in pixels. */
  samplePx: number;
  /** Fraction of the border pixels that are transparent (alpha < 50 %). */
  transparent: number;
  /** Fraction of the opaque border pixels close to the dominant border colour (±6 % per channel). */
  uniform: number;
  /** The dominant border colour, '#rrggbb'. */
  color: string;
  /** Fraction of the whole (downscaled) image in that colour: how much of the picture is background. */
  area: number;
}

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
  /**
   * The colour space the file declares without embedding a profile: a PNG sRGB chunk, a PNG cICP
   * chunk or an HEIF/AVIF nclx colour box (code points naming primaries and transfer).
   */
  declaredColor?: { source: 'srgb' | 'cicp' | 'nclx'; space: string };
  frames?: number;
  /** Physical size from the stated resolution, in mm, when known. */
  widthMm?: number;
  heightMm?: number;
  /** What the parser noticed but read past (e.g. a directory cut short). */
  warnings?: string[];
  /** Facts the parser could not establish in full (see IncompleteFact). */
  incomplete?: IncompleteFact[];
  /** From decoded pixels (worker: createImageBitmap; server: sharp); absent where nothing decoded them. */
  background?: RasterBackgroundFacts | { error: string };
}

/**
 * A part of the facts that inspection could not establish in full. Checks that depend on it
 * (src/core/checks/unverified.ts) say "could not be verified" instead of passing.
 * Content areas (fonts … vectors) are what the content-stream walk learns per page.
 */
export type FactArea =
  | 'fonts'
  | 'images'
  | 'colors'
  | 'transparency'
  | 'text_extent'
  | 'vectors'
  | 'boxes'
  | 'annotations'
  | 'names'
  | 'forms'
  | 'output_intents'
  | 'metadata'
  | 'resolution'
  | 'icc';

/** Why inspection stopped short; each reason has its own customer message (check.unverified.<reason>). */
export type IncompleteReason =
  | 'decode_budget'
  | 'operator_budget'
  | 'undecodable'
  | 'encrypted'
  | 'page_limit'
  | 'object_limit'
  | 'fallback_reader'
  | 'truncated';

export interface IncompleteFact {
  area: FactArea;
  reason: IncompleteReason;
  /** 1-based pages the gap is on; absent when it concerns the whole file. */
  pages?: number[];
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

/** Visible text of one font and effective size on a page (text matrix × CTM × UserUnit), first place it occurs. */
export interface PdfTextSizeFact {
  page: number;
  font: string;
  /** Effective glyph height in points as printed. */
  sizePt: number;
  rect: Rect;
}

/** A stroked path of one effective width on a page (thinnest direction of the CTM), first place it occurs. */
export interface PdfStrokeFact {
  page: number;
  /** 0 is a "thinnest possible" hairline. */
  widthPt: number;
  rect?: Rect;
}

/** Something painted with overprint on (ExtGState OP/op) in a colour that is not pure black. */
export interface PdfOverprintFact {
  page: number;
  paint: 'fill' | 'stroke' | 'text';
  /** 'white' (knocks out to nothing when overprinted: disappears) or 'colour'. */
  color: 'white' | 'colour';
  /** Colour space and values, e.g. 'DeviceCMYK 0 1 0 0'. */
  value: string;
  opm: number;
  rect?: Rect;
}

/** Text in rich black: CMYK with K ≥ 0.85 and some C, M or Y. */
export interface PdfRichBlackFact {
  page: number;
  font: string;
  sizePt: number;
  cmyk: number[];
  rect: Rect;
}

/** Facts about what the page content draws, for the print checks (workers/pdf/graphics-facts.ts). */
export interface PdfGraphicsFacts {
  textSizes: PdfTextSizeFact[];
  /** Only strokes thinner than 2 pt are listed (thicker lines are never a print risk). */
  strokes: PdfStrokeFact[];
  overprint: PdfOverprintFact[];
  richBlackText: PdfRichBlackFact[];
  /** ICC profiles of ICCBased colour spaces used by content and images. */
  iccProfiles: { description?: string; colorSpace?: string; pages: number[] }[];
}

/** Total area coverage (C+M+Y+K in %) from a CMYK rendering of the pages (server and CLI only). */
export interface PdfInkCoverage {
  /** Resolution of the rendering, pixels per inch. */
  dpi: number;
  pages: { page: number; maxPercent: number; rect?: Rect }[];
  /** Pages the rendering covered (the first ones, when capped); the document may have more. */
  pagesMeasured: number;
}

export interface PdfFacts {
  version: string;
  pageCount: number;
  pages: PdfPageFacts[];
  fonts: PdfFontFact[];
  /** Images that print: on pages, in tiling patterns, forms and printable annotation appearances. */
  images: PdfImageFact[];
  /** Images inside soft-mask groups: they shape transparency and do not print themselves. */
  softMaskImages?: PdfImageFact[];
  colorSpaces: string[];
  spotColors: string[];
  outputIntents: { subtype: string; identifier?: string; info?: string; /** Description of its DestOutputProfile. */ profile?: string }[];
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
  /** Drawn text sizes, strokes, overprint, rich black, ICC profiles; absent when the content was not walked by the object reader. */
  graphics?: PdfGraphicsFacts;
  /** From a rendering (Node only: server, CLI); absent in the browser; `error` when rendering failed. */
  inkCoverage?: PdfInkCoverage | { error: string };
  /** Parser warnings (structure integrity). */
  warnings: string[];
  /** Facts the reader could not establish in full (budget, filter, encryption, fallback reader). */
  incomplete?: IncompleteFact[];
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
  /** The bytes never (fully) reached the server: blocks whatever onFail says. */
  notUploaded?: boolean;
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
