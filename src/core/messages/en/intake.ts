// English messages for intake (acceptance, cardinality, errors). Written for a shop customer:
// say what is wrong and what to do, without jargon.
export const intake: Record<string, string> = {
  // Acceptance (src/core/acceptance.ts)
  'intake.empty': 'This file is empty. Please choose it again; it may not have finished saving or downloading.',
  'intake.type.refused': "We can't print from {format} files. Please upload {accepted}.",
  'intake.type.unknown': "We couldn't tell what kind of file this is. Please upload {accepted}.",
  'intake.type.unverified': "We couldn't tell what kind of file this is, so it was not checked automatically. We'll look at it before printing.",
  'intake.size.too_large': 'This file is {size}; the limit for {kind} files is {limit}.',
  'intake.count.too_many': '{max, plural, one {Only one file can be added; remove it to add this one.} other {Only # files can be added; remove one to add this.}}',
  'intake.count.too_few': '{min, plural, one {Please add a file.} other {Please add # files.}}',
  'intake.count.over_max': '{max, plural, one {This order takes one file; please remove the others.} other {This order takes # files; please remove the extra ones.}}',
  'intake.slot.empty': 'Please add a file for “{slot}”.',

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

  // Setup problems, shown instead of the drop zone.
  'workflow.invalid': "This upload form isn't set up correctly, so files can't be added right now. Please contact the shop.",
  'context.invalid': "The product options couldn't be applied to the file check. Please contact the shop.",

  // Errors by code (design.md "Errors have a stable code").
  'error.inspect_failed': "We couldn't read this file; it may be damaged. Please export it again and upload the new file.",
  'error.inspect_timeout': 'Checking this file took too long. Please try again, or upload a smaller or simpler file.',
  'error.pdf_encrypted': 'This PDF is protected with a password. Please upload a version without one.',
  'error.upload_failed': "The upload didn't finish. Please try again.",
  'error.upload_refused': 'The server did not accept this file. Please try again or contact the shop.',
  'error.network_offline': "You're offline. The upload will continue when your connection is back.",
  'error.server_unreachable': "We can't reach the server right now. Please try again in a moment.",
};
