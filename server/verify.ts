// The hook where server-side verification plugs in (issue 6: "the server's verdict").
//
// When a tus upload has finished and its sha256 is stored, the upload endpoint calls
// `verifier.onFileStored(job, file, path)` WITHOUT awaiting it in the upload response, so a slow
// inspection never holds up the client. Meanwhile the file sits in `verifier.pendingState`:
//   - today (no verifier) that is 'done' with outcome null, so the job derives from uploads alone;
//   - the real verifier sets pendingState = 'verifying' (job status 'processing' until it answers)
//     and returns a FileVerdict, which the upload endpoint stores (facts, findings, outcome, state
//     'done') before re-deriving the job status. A thrown error or a null verdict from a verifier
//     whose pendingState is 'verifying' turns the file into state 'error' (`inspect_failed`): a
//     file that cannot be inspected must never pass.
// `path` is the stored upload (server-generated name, never the client's file name).
// TODO(issue 6): files still 'verifying' after a restart need to be queued again at startup.
import type { FileFacts, FileOutcome, Finding } from '../src/core/types';
import type { FileRecord, JobRecord } from './db';

export interface FileVerdict {
  outcome: FileOutcome;
  findings: Finding[];
  facts: FileFacts | null;
}

export interface FileVerifier {
  /** The state a stored file has until the verifier answers. */
  readonly pendingState: 'done' | 'verifying';
  onFileStored(job: JobRecord, file: FileRecord, path: string): Promise<FileVerdict | null>;
}

/** No server-side verification yet: a stored file is simply done, outcome unknown (null). */
export const noVerifier: FileVerifier = {
  pendingState: 'done',
  async onFileStored() {
    return null;
  },
};
