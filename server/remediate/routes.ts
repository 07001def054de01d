// GET /v1/jobs/:id/files/:fileId/outputs/:outputId — a production file's bytes. The store's
// server reads it with the secret key; the customer's widget with the job token (to show the
// proof of what will be printed). Only outputs of the file's current upload exist here.
import type http from 'node:http';
import type { Database } from '../db';
import { ApiError, badRequest, notFound, unauthorized } from '../http';
import { bearer, matchesHash, sameSecret } from '../secrets';
import type { OutputRecord, OutputStore } from './outputs';

const PATTERN = /^\/v1\/jobs\/([^/]+)\/files\/([^/]+)\/outputs\/([^/]+)$/;

/** The download name: the customer's, reduced to safe ASCII, plus the RFC 5987 original. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Stream a production file (404 when it is not a ready output or its bytes are gone), with its
 * sha256 in `X-Checksum-Sha256`. Shared by this route and the portal's staff-session download.
 */
export async function sendOutput(res: http.ServerResponse, outputs: OutputStore, output: OutputRecord | null, fileId: string, outputId: string): Promise<void> {
  if (!output || output.status !== 'ready') throw notFound(`No production file ${outputId} for file ${fileId}.`);
  // Disk or S3: the output store knows where the bytes live (server/storage).
  const stored = await outputs.open(output);
  if (!stored) throw notFound('The production file is gone.');
  res.writeHead(200, {
    'Content-Type': output.mime,
    'Content-Length': stored.size,
    'Content-Disposition': disposition(output.name),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'X-Checksum-Sha256': output.sha256,
  });
  await new Promise<void>((resolve, reject) => {
    stored.body.on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
}

export function createOutputRoute(deps: { db: Database; outputs: OutputStore; secretKey: string }) {
  /** Answers when the path is an output download; false otherwise (the caller goes on). */
  return async function serveOutput(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> {
    const m = PATTERN.exec(pathname);
    if (!m) return false;
    if (req.method !== 'GET') throw new ApiError(405, 'method_not_allowed', `${req.method} is not allowed here.`);
    let jobId: string, fileId: string, outputId: string;
    try {
      [jobId, fileId, outputId] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent) as [string, string, string];
    } catch {
      throw badRequest('Malformed URL.');
    }
    const token = bearer(req.headers.authorization);
    if (!token) throw unauthorized('Missing secret key or job token.');
    const job = await deps.db.jobs.get(jobId);
    const bySecret = sameSecret(token, deps.secretKey);
    if (!job) {
      if (bySecret) throw notFound(`No job ${jobId}.`);
      throw unauthorized('Wrong key or job token.');
    }
    if (!bySecret && !(token.startsWith('jt_') && matchesHash(token, job.tokenHash))) throw unauthorized('Wrong key or job token.');
    await sendOutput(res, deps.outputs, await deps.outputs.get(job.id, fileId, outputId), fileId, outputId);
    return true;
  };
}
