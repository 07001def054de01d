// The portal's API against the real server: staff accounts (env and CLI), sessions, CSRF,
// same-origin checks, the sign-in rate limit, sign-out, review and staff-started jobs.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffMain } from '../../bin/staff';
import type { FilecheckServer } from '../app';
import { createJob, databaseUrlFor, makePdf, settledJob, sha256, startServer, tempDataDir, tusUpload } from '../test-support';

const EMAIL = 'admin@shop.example';
const PASSWORD = 'correct horse battery';
let server: FilecheckServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir, 0, { adminEmail: EMAIL, adminPassword: PASSWORD });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(email = EMAIL, password = PASSWORD) {
  const res = await fetch(`${server.url}/admin/api/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.url }, body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.get('set-cookie');
  const body = await res.json();
  return { status: res.status, cookie, session: cookie?.split(';')[0] ?? '', csrf: body.csrfToken as string, body };
}

const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}/admin/api${path}`, init);

describe('portal sessions', () => {
  it('signs the env account in with an HttpOnly, SameSite=Strict cookie scoped to /admin', async () => {
    const s = await signIn();
    expect(s.status).toBe(200);
    expect(s.cookie).toMatch(/^fc_admin=[A-Za-z0-9_-]{43}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(s.body.user.email).toBe(EMAIL);
    const me = await api('/session', { headers: { Cookie: s.session } });
    expect(await me.json()).toMatchObject({ user: { email: EMAIL }, csrfToken: s.csrf });
    // The stored hash is scrypt, never the password.
    const row = (await server.db.sql.get('SELECT password_hash FROM staff_users')) as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('answers 401 on every API route without a session, and the app shell holds no data', async () => {
    for (const path of ['/session', '/jobs', '/jobs/job_x', '/workflows', '/events', '/jobs/job_x/files/f1', '/jobs/job_x/files/f1/outputs/out_x']) {
      expect((await api(path)).status, path).toBe(401);
    }
    expect((await api('/jobs', { headers: { Cookie: 'fc_admin=forged' } })).status).toBe(401);
    const shell = await fetch(`${server.url}/admin/`);
    expect(shell.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(shell.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses state changes without the CSRF token or from another origin', async () => {
    const s = await signIn();
    const post = (headers: Record<string, string>) => api('/jobs', {
      method: 'POST', headers: { Cookie: s.session, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ workflowId: 'wf_flyer_a5' }),
    });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'X-CSRF-Token': 'wrong' })).status).toBe(403);
    expect((await post({ 'X-CSRF-Token': s.csrf, Origin: 'https://evil.example' })).status).toBe(403);
    const ok = await post({ 'X-CSRF-Token': s.csrf, Origin: server.url });
    expect(ok.status).toBe(201);
    const created = await ok.json();
    expect((await server.db.jobs.get(created.id))?.createdBy).toBe(EMAIL);
    // Sign-in from another origin is refused too (login CSRF).
    const cross = await fetch(`${server.url}/admin/api/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    expect(cross.status).toBe(403);
  });

  it('signs out: the session no longer works', async () => {
    const s = await signIn();
    const out = await api('/session', { method: 'DELETE', headers: { Cookie: s.session, 'X-CSRF-Token': s.csrf, Origin: server.url } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await api('/jobs', { headers: { Cookie: s.session } })).status).toBe(401);
  });

  it('rate-limits sign-in per e-mail after 5 failures, even for the right password', async () => {
    const victim = 'victim@shop.example';
    const stdin = Readable.from(['a long enough password\n']);
    const out: string[] = [];
    // The CLI finds the server's database as the server does (FILECHECK_DATABASE_URL, else the data directory).
    const url = await databaseUrlFor(dataDir);
    if (url) process.env.FILECHECK_DATABASE_URL = url;
    try {
      expect(await staffMain(['add', victim, '--data-dir', dataDir], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) }, stdin)).toBe(0);
    } finally {
      delete process.env.FILECHECK_DATABASE_URL;
    }
    expect(out.join('')).toContain(`created ${victim}`);
    expect((await signIn(victim, 'a long enough password')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signIn(victim, 'wrong password!')).status).toBe(401);
    const limited = await signIn(victim, 'a long enough password');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    // Other accounts are not locked out by it.
    expect((await signIn()).status).toBe(200);
  });
});

describe('portal review', () => {
  it('approves a job waiting for review; a second decision is refused', async () => {
    const job = await createJob(server.url, 'wf_flyer_a5_review');
    await tusUpload(server.url, job, await makePdf([{ widthMm: 210, heightMm: 297 }]), { filename: 'big.pdf', fileId: 'f1' });
    await settledJob(server.url, job.id);
    const s = await signIn();
    const queue = await (await api('/jobs?reviewState=pending', { headers: { Cookie: s.session } })).json();
    expect(queue.data.map((j: { id: string }) => j.id)).toContain(job.id);
    const review = (body: unknown) => api(`/jobs/${job.id}/review`, {
      method: 'POST', headers: { Cookie: s.session, 'X-CSRF-Token': s.csrf, Origin: server.url, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const res = await review({ decision: 'approved', note: 'Customer confirmed A4 by phone.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', canProceed: true, reviewState: 'approved', reviewDecision: { reviewedBy: EMAIL } });
    expect((await review({ decision: 'rejected' })).status).toBe(409);
    const detail = await (await api(`/jobs/${job.id}`, { headers: { Cookie: s.session } })).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'uploaded', 'verified', 'reviewed']);
  });
});

describe('portal production files', () => {
  it('lists a fixed file\'s production file, serves it with the staff session (same sha256), and the timeline says when it was fixed', async () => {
    const job = await createJob(server.url, 'wf_business_cards');
    await tusUpload(server.url, job, await makePdf([{ widthMm: 85, heightMm: 55 }]), { filename: 'no-bleed.pdf', fileId: 'f1' });
    await settledJob(server.url, job.id);
    const s = await signIn();
    const detail = await (await api(`/jobs/${job.id}`, { headers: { Cookie: s.session } })).json();
    const output = detail.files[0].outputs[0];
    expect(output).toMatchObject({ status: 'ready', name: 'no-bleed.pdf', recheck: { outcome: 'pass' } });
    expect(output.fixes.map((x: { fix: string }) => x.fix)).toContain('pdf.add_bleed');
    const fixed = detail.timeline.filter((e: { kind: string }) => e.kind === 'fixed');
    expect(fixed).toEqual([{ at: output.createdAt, kind: 'fixed', detail: 'no-bleed.pdf → no-bleed.pdf' }]);
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'uploaded', 'fixed', 'verified']);

    const path = `/jobs/${job.id}/files/f1/outputs/${output.id}`;
    expect((await api(path)).status).toBe(401);
    const res = await api(path, { headers: { Cookie: s.session } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('filename="no-bleed.pdf"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(sha256(bytes)).toBe(output.sha256);
    expect(res.headers.get('x-checksum-sha256')).toBe(output.sha256);
    expect((await api(`/jobs/${job.id}/files/f1/outputs/out_${'0'.repeat(32)}`, { headers: { Cookie: s.session } })).status).toBe(404);
  }, 60_000);
});
