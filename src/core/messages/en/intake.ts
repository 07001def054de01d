// English messages for intake (acceptance, cardinality, errors). Written for a shop customer:
// say what is wrong and what to do, without jargon.
export const intake: Record<string, string> = {
  // Room and slots (src/core/room.ts, the status line)
  'intake.count.too_many': '{max, plural, one {Only one file can be added; remove it to add this one.} other {Only # files can be added; remove one to add this.}}',
  'intake.count.too_few': '{min, plural, one {Please add a file.} other {Please add # files.}}',
  'intake.count.over_max': '{max, plural, one {This order takes one file; please remove the others.} other {This order takes # files; please remove the extra ones.}}',
  'intake.slot.empty': 'Please add a file for “{slot}”.',

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
  'error.chunk_load_failed': 'Part of the file check could not be loaded. Check your connection and try again.',
  'error.worker_blocked': 'This page does not let the file check run, so your file could not be checked. This is not a problem with your file; please try again or contact the shop.',
  'error.server_unreachable': "We can't reach the server right now. Please try again in a moment.",
};
