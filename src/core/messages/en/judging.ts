// English messages for judging a file's content (acceptance, evaluation): they travel with the
// evaluator chunk, not in the script-tag bundle (registered by src/core/judging-messages.ts).
export const judging: Record<string, string> = {
  // Acceptance (src/core/acceptance.ts)
  'intake.empty': 'This file is empty. Please choose it again; it may not have finished saving or downloading.',
  'intake.type.refused': "We can't print from {format} files. Please upload {accepted}.",
  'intake.type.unknown': "We couldn't tell what kind of file this is. Please upload {accepted}.",
  'intake.type.unverified': "We couldn't tell what kind of file this is, so it was not checked automatically. We'll look at it before printing.",
  'intake.size.too_large': 'This file is {size}; the limit for {kind} files is {limit}.',

  // Names used inside the messages above.
  'intake.kind.pdf': 'PDF',
  'intake.kind.raster': 'image',
  'intake.accepted.pdf': 'a PDF',
  'intake.accepted.raster': 'an image',
  'intake.accepted.raster_formats': 'an image ({formats})',
  'format.pdf': 'PDF',
  'format.jpeg': 'JPEG',
  'format.png': 'PNG',
  'format.tiff': 'TIFF',
  'format.webp': 'WebP',
  'format.gif': 'GIF',
  'format.bmp': 'BMP',
  'format.heic': 'HEIC',
  'format.avif': 'AVIF',
  'format.psd': 'Photoshop (PSD)',
  'format.svg': 'SVG',
  'format.eps': 'EPS',
  'format.zip': 'ZIP',
  'format.unknown': 'unknown',

  // Evaluation (src/core/evaluate.ts)
  'check.unsupported': 'The check “{checkId}” is not available here, so it was skipped.',
  'check.failed': "We couldn't finish the check “{checkId}”, so this file needs a closer look.",
};
