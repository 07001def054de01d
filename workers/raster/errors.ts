// The one error type raster inspection throws. Anything else escaping inspectRaster is a bug.

export type InspectErrorCode =
  /** The bytes contradict the format (bad signature, checksum, impossible values). */
  | 'corrupt_image'
  /** The file ends before the headers we need. */
  | 'truncated'
  /** A valid file using a feature we cannot judge from headers (e.g. JPEG height in DNL). */
  | 'unsupported_image'
  /** A header asks for more bytes than any sane file needs (hostile or broken input). */
  | 'header_too_large';

export class InspectError extends Error {
  override readonly name = 'InspectError';
  constructor(
    readonly code: InspectErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const corrupt = (message: string) => new InspectError('corrupt_image', message);
