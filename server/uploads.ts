// The tus endpoint (/v1/uploads/): @tus/server on a sniffing store (disk or S3: storage/). Every request is
// bound to a job by its job token, and the rule's limits (types by content, sizes, file count)
// are enforced here whatever the browser did.
import crypto from 'node:crypto';
import { Server as TusServer, type ServerOptions } from '@tus/server';
import type { Locker, Upload } from '@tus/utils';
import { acceptContent } from '../src/core/acceptance';
import { formatBytes } from '../src/core/bytes';
import type { Finding } from '../src/core/types';
import { sniff, SNIFF_BYTES } from '../workers/sniff';
import type { Database, FileRecord, JobRecord } from './db';
import { ALLOWED_REQUEST_HEADERS, type OriginCheck } from './cors';
import { ApiError, badRequest, errorBody, isStorageFull, jobFinalized, notFound, tusRefusal, unauthorized, type ErrorCode } from './http';
import { largestMaxSize, maxFiles } from './limits';
import { bearer, matchesHash } from './secrets';
import { SniffingStore, type HeadGate } from './sniffing-store';
import type { FileStorage } from './storage';
import type { StorageGuard } from './storage-guard';
import { typeMismatch } from './type-guard';

export const UPLOADS_PATH = '/v1/uploads';

const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_NAME = 255;

export interface UploadEndpointDeps {
  db: Database;
  /** Where the bytes live (storage/: disk or S3). */
  storage: FileStorage;
  allowedOrigin: OriginCheck;
  /** A complete upload, hashed and in state 'verifying': start the server's verification. */
  onStored(file: FileRecord): Promise<void>;
  /** Called after any change to a job's files (re-derive and persist its status). */
  jobChanged(jobId: string): Promise<void>;
  /** Origin for the tus `Location` header ('' for a relative one; never an arbitrary Host header). */
  uploadsOrigin(headers: Headers): string;
  /** Free space, total cap and per-job quota (storage-guard.ts). */
  guard: StorageGuard;
  /** Lock shared by every instance (pg-locker.ts); default: @tus/server's in-process lock. */
  locker?: Locker;
}

export interface UploadEndpoint {
  tus: TusServer;
  store: SniffingStore;
  /** Bytes stored so far for an upload in progress (0 when unknown). */
  offsetOf(uploadId: string): Promise<number>;
  /** Remove an upload's bytes and state, ignoring one that is already gone. */
  removeUpload(uploadId: string): Promise<void>;
  /** Finish uploads whose bytes are all stored but whose finish step did not run (server start). */
  finishStranded(): Promise<void>;
}

const refuse = (status: number, code: ErrorCode, message: string) => tusRefusal(new ApiError(status, code, message));

/**
 * Control characters (C0, C1), format characters (bidi overrides and isolates, zero-width marks:
 * a name like "invoice\u202Efdp.exe" reads as "invoiceexe.pdf"), line separators and path
 * separators never reach the database, a header or the shop's screen.
 */
export function cleanName(name: string): string {
  const clean = name.normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').replace(/[\\/]/g, '_');
  return [...clean].slice(0, MAX_NAME).join('').trim(); // whole characters: never half a surrogate pair
}

export function createUploadEndpoint(deps: UploadEndpointDeps): UploadEndpoint {
  const { db } = deps;

  const jobFor = async (file: FileRecord): Promise<JobRecord> => {
    const job = await db.jobs.get(file.jobId);
    if (!job) throw tusRefusal(notFound('Unknown job.'));
    return job;
  };

  /** Refuse a file by content and keep the refusal on its row, so the status payload explains it. */
  const refuseFile = async (file: FileRecord, status: number, code: ErrorCode, message: string, findings?: Finding[]): Promise<never> => {
    await db.files.update(file.jobId, file.id, { state: 'refused', errorCode: code, errorMessage: message, ...(findings ? { findings } : {}) });
    await deps.jobChanged(file.jobId);
    throw refuse(status, code, message);
  };

  const gate: HeadGate = {
    async headLength(uploadId) {
      const file = await db.files.byUpload(uploadId);
      if (!file || file.format !== null) return 0;
      return Math.min(SNIFF_BYTES, file.size);
    },
    async check(uploadId, head) {
      const file = await db.files.byUpload(uploadId);
      if (!file) throw tusRefusal(notFound('Unknown upload.'));
      const job = await jobFor(file);
      const sniffed = sniff(head);
      const mismatch = typeMismatch(head, sniffed);
      if (mismatch) {
        await refuseFile(file, 415, 'file_type_refused', mismatch);
        return;
      }
      // The browser's own intake gate, on the server: same matching, same messages. The count
      // was already checked at creation, so it plays no part here.
      const verdict = acceptContent({ sniffed, name: file.name, size: file.size }, job.workflow.rule);
      if (!verdict.ok) {
        const code = verdict.finding.code === 'file_too_large' ? 'file_too_large' : 'file_type_refused';
        await refuseFile(file, code === 'file_too_large' ? 413 : 415, code, verdict.finding.message, [verdict.finding]);
        return;
      }
      await db.files.update(file.jobId, file.id, {
        format: sniffed.format, kind: sniffed.kind, mime: sniffed.mime, onFail: verdict.entry.onFail,
        ...(verdict.finding ? { findings: [verdict.finding] } : {}),
      });
    },
  };

  gate.storageFull = async (uploadId) => {
    const file = await db.files.byUpload(uploadId);
    const message = 'The server ran out of storage space during this upload. Please try again later.';
    if (file) {
      await db.files.update(file.jobId, file.id, { state: 'refused', errorCode: 'storage_full', errorMessage: message });
      await deps.jobChanged(file.jobId);
    }
    return refuse(507, 'storage_full', message);
  };

  gate.created = async (uploadId) => {
    if (!(await db.files.byUpload(uploadId))) throw refuse(409, 'file_exists', 'A newer upload of the same file replaced this one.');
  };

  const store = new SniffingStore(deps.storage.uploadStore, gate, (id, length) => deps.storage.readUploadHead(id, length));

  const removeUpload = async (uploadId: string) => {
    await store.remove(uploadId).catch(() => {});
  };

  const onUploadCreate: ServerOptions['onUploadCreate'] = async (req, upload) => {
    const meta = upload.metadata ?? {};
    const token = bearer(req.headers.get('authorization'));
    if (!token) throw tusRefusal(unauthorized('Missing job token (Authorization: Bearer jt_…).'));
    const job = meta.jobId ? await db.jobs.get(meta.jobId) : null;
    if (!job) throw tusRefusal(meta.jobId ? notFound('Unknown job.') : badRequest('Metadata jobId is required.'));
    if (!matchesHash(token, job.tokenHash)) throw tusRefusal(unauthorized('Wrong job token.'));
    if (job.finalizedAt) throw tusRefusal(jobFinalized());

    const fileId = meta.fileId ?? '';
    if (!FILE_ID.test(fileId)) throw tusRefusal(badRequest('Metadata fileId must be 1–64 characters of A–Z, a–z, 0–9, _ or -.'));
    const name = cleanName(meta.filename ?? '');
    if (!name) throw tusRefusal(badRequest('Metadata filename is required.'));
    if (upload.sizeIsDeferred || upload.size === undefined) throw tusRefusal(badRequest('Upload-Length is required.'));
    if (upload.size === 0) throw refuse(415, 'file_type_refused', 'The file is empty.');

    const rule = job.workflow.rule;
    const ceiling = largestMaxSize(rule);
    if (upload.size > ceiling) {
      throw refuse(413, 'file_too_large', `File is ${formatBytes(upload.size)}; the limit is ${formatBytes(ceiling)}.`);
    }

    let slot: string | null = null;
    if (meta.slot) {
      const match = rule.cardinality.slots.find((s) => s.id === meta.slot) ?? rule.cardinality.slots.find((s) => s.label === meta.slot);
      if (!match) throw tusRefusal(badRequest(`Unknown slot ${JSON.stringify(meta.slot)}.`));
      slot = match.id;
    }

    const files = await db.files.list(job.id);
    const previous = files.find((f) => f.id === fileId);
    if (previous?.completedAt) throw refuse(409, 'file_exists', `File ${fileId} is already uploaded; remove it first.`);
    const others = files.filter((f) => f.id !== fileId && f.state !== 'refused');
    const max = maxFiles(rule, job.context);
    if (others.length >= max) throw refuse(409, 'too_many_files', `This product takes at most ${max} file${max === 1 ? '' : 's'}.`);
    if (slot && others.some((f) => f.slot === slot)) throw refuse(409, 'slot_taken', `Slot ${slot} already has a file.`);

    // Room for it: the job's quota, the data directory's cap, the disk's reserve (issue 12.4).
    const room = await deps.guard.admitUpload(job.id, fileId, upload.size);
    if (!room.ok) throw refuse(room.status, room.code, room.message);

    // A client that lost its upload URL creates the same file again: the old partial upload goes.
    if (previous) await removeUpload(previous.uploadId);
    // The row is read and replaced at once: a parallel creation for the same file id that got in
    // between is replaced too, and its bytes go (if they exist yet; if not, gate.created refuses them).
    const { replacedUploadId } = await db.files.replace({ jobId: job.id, id: fileId, uploadId: upload.id, name, size: upload.size, slot, declaredType: meta.filetype ?? null });
    if (replacedUploadId && replacedUploadId !== previous?.uploadId) await removeUpload(replacedUploadId);
    await deps.jobChanged(job.id);
    return {};
  };

  const onIncomingRequest: ServerOptions['onIncomingRequest'] = async (req, uploadId) => {
    if (req.method === 'POST') return; // creation is checked in onUploadCreate, with the metadata
    const token = bearer(req.headers.get('authorization'));
    if (!token) throw tusRefusal(unauthorized('Missing job token (Authorization: Bearer jt_…).'));
    const file = await db.files.byUpload(uploadId);
    if (!file) throw tusRefusal(notFound('Unknown upload.'));
    const job = await jobFor(file);
    if (!matchesHash(token, job.tokenHash)) throw tusRefusal(unauthorized('Wrong job token.'));
    if (job.finalizedAt && req.method !== 'HEAD' && req.method !== 'GET') throw tusRefusal(jobFinalized());
    if (req.method === 'PATCH' && file.state === 'uploading') {
      // The disk may have filled since the upload was created: check before taking more bytes.
      const room = deps.guard.admitBytes(Math.max(0, file.size - (await offsetOf(uploadId))));
      if (!room.ok) {
        await removeUpload(uploadId);
        await refuseFile(file, room.status, room.code, room.message);
      }
    }
  };

  const onUploadFinish: ServerOptions['onUploadFinish'] = async (_req, upload: Upload) => {
    await finishUpload(upload.id);
    return {};
  };

  const finishUpload = async (uploadId: string) => {
    const file = await db.files.byUpload(uploadId);
    if (!file) return;
    if (file.format === null) await refuseFile(file, 415, 'file_type_refused', 'The file type could not be determined.');
    const sha256 = await hashStored(deps.storage, uploadId);
    // Never 'done' before the server's own verdict: the job is 'processing' (canProceed false)
    // until verification has judged the stored bytes (see verification.ts).
    const verifying = await db.files.update(file.jobId, file.id, {
      state: 'verifying', outcome: null, sha256, completedAt: new Date().toISOString(),
    }, { onlyUpload: uploadId });
    await deps.jobChanged(file.jobId);
    if (verifying) await deps.onStored(verifying);
  };

  /**
   * Server start: an upload whose last bytes were stored just before a stop, but whose finish
   * step (hash, verification) never ran, is finished now; the client sees offset = length and
   * would never send another request for it.
   */
  const finishStranded = async () => {
    for (const file of await db.files.inState('uploading')) {
      if (file.completedAt) continue;
      const offset = await offsetOf(file.uploadId);
      if (offset === file.size && file.size > 0) {
        await finishUpload(file.uploadId).catch((err: unknown) => {
          if ((err as { status_code?: number })?.status_code === undefined) console.error('[filecheck-server] finishing a stored upload failed', err);
        });
      }
    }
  };

  const tus = new TusServer({
    path: UPLOADS_PATH,
    datastore: store,
    ...(deps.locker ? { locker: deps.locker } : {}),
    allowedOrigins: (origin) => deps.allowedOrigin(origin),
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    respectForwardedHeaders: false,
    generateUrl: (req, { path: base, id }) => `${deps.uploadsOrigin(req.headers)}${base}/${id}`,
    onUploadCreate,
    onIncomingRequest,
    onUploadFinish,
    onResponseError: (_req, err) => toJsonError(err),
  });

  // tus termination (DELETE on the upload URL, e.g. tus-js-client abort(true)) removes the file row too.
  tus.on('POST_TERMINATE', (_req: unknown, _res: unknown, uploadId: string) => {
    void (async () => {
      const file = await db.files.byUpload(uploadId);
      if (!file) return;
      await db.files.delete(file.jobId, file.id);
      await deps.jobChanged(file.jobId);
    })().catch((err: unknown) => console.error('[filecheck-server] removing a terminated upload', err));
  });

  const offsetOf = async (uploadId: string) => {
    try {
      return (await store.getUpload(uploadId)).offset;
    } catch {
      return 0;
    }
  };

  return { tus, store, offsetOf, removeUpload, finishStranded };
}

const TUS_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'bad_request', 404: 'not_found', 409: 'offset_conflict',
  410: 'gone', 413: 'file_too_large', 415: 'file_type_refused',
};

/** Every tus error leaves as our JSON error shape; unknown errors are logged and stay vague. */
function toJsonError(err: Error | { status_code: number; body: string }): { status_code: number; body: string } {
  if (isStorageFull(err)) return { status_code: 507, body: errorBody('storage_full', 'The server is out of storage space. Please try again later.') };
  if ('status_code' in err && typeof err.status_code === 'number') {
    const body = typeof err.body === 'string' ? err.body : '';
    if (body.startsWith('{')) return { status_code: err.status_code, body };
    const code = TUS_STATUS_CODES[err.status_code] ?? (err.status_code >= 500 ? 'internal_error' : 'bad_request');
    return { status_code: err.status_code, body: errorBody(code, body.trim() || code) };
  }
  console.error('[filecheck-server] upload error', err);
  return { status_code: 500, body: errorBody('internal_error', 'Internal server error.') };
}

async function hashStored(storage: FileStorage, uploadId: string): Promise<string> {
  const stored = await storage.openUpload(uploadId);
  if (!stored) throw new Error(`The stored bytes of upload ${uploadId} are gone.`);
  const hash = crypto.createHash('sha256');
  for await (const chunk of stored.body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
