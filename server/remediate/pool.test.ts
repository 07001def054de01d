// Remediation runs in the verification pool with its own deadline: a fix that hangs or crashes
// its worker is killed and reported (remediate_timeout / remediate_failed); the pool goes on.
// A hostile PDF (garbage after a valid header) gets a failed fix record, never a hang.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerVerifier } from '../verify';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-remediate-pool-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const bleed = [{ fix: 'pdf.add_bleed' as const, checkIds: ['geom.bleed.required'], params: { bleed_mm: 3, fill: 'mirror' }, messageKey: 'fix.add_bleed.mirror', messageParams: { bleed: 3 } }];

describe('remediation in the verification pool', () => {
  it('a remediation that hangs is killed at its deadline; one that crashes is reported; the pool still inspects', async () => {
    const hang = path.join(tmp, 'hang.mjs');
    fs.writeFileSync(hang, `import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ ready: true });
      parentPort.on('message', (m) => { if (m.remediate) { for (;;) {} } parentPort.postMessage({ id: m.id, result: { ok: false, sniffed: null, error: { code: 'inspect_failed', message: 'stub' } } }); });`);
    const pool = createWorkerVerifier({ concurrency: 1, timeoutMs: 5_000, remediateTimeoutMs: 400, workerUrl: pathToFileURL(hang) });
    try {
      const started = Date.now();
      const r = await pool.remediate!({ input: '/nowhere.pdf', kind: 'pdf', fixes: bleed, outputPath: path.join(tmp, 'x.pdf') });
      expect(r).toMatchObject({ ok: false, error: { code: 'remediate_timeout' } });
      expect(Date.now() - started).toBeLessThan(5_000);
      // a fresh worker answers the next task
      expect(await pool.inspect('/nowhere.pdf')).toMatchObject({ ok: false, error: { message: 'stub' } });
    } finally {
      await pool.close();
    }
  });

  it('a hostile PDF through the real worker: the fix fails with a reason, nothing is written', async () => {
    const bad = path.join(tmp, 'bad.pdf');
    fs.writeFileSync(bad, Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'), Buffer.alloc(200_000, 0x28), Buffer.from('\nstartxref\n999999\n%%EOF\n')]));
    const pool = createWorkerVerifier({ concurrency: 1, timeoutMs: 20_000, remediateTimeoutMs: 30_000 });
    try {
      const r = await pool.remediate!({ input: bad, kind: 'pdf', fixes: bleed, outputPath: path.join(tmp, 'bad-out.pdf') });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.run.outputPath).toBeNull();
      expect(r.run.fixes).toMatchObject([{ fix: 'pdf.add_bleed', status: 'failed', reason: expect.any(String) }]);
      expect(fs.existsSync(path.join(tmp, 'bad-out.pdf'))).toBe(false);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
