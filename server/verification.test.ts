// The verification's two races with a context change (PUT /context: the job's order changes, then
// stored verdicts are judged again; files still verifying are skipped there). Real database (the
// suite's backend), real files inspected in this process; the remediation stage is a stub at its
// boundary, which is where the change is made to land (it runs between the judgement and the
// transaction that stores it).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './db';
import { inspectFile } from './inspect-file';
import { createVerification, type Verification } from './verification';
import type { RemediationStage } from './remediate/stage';
import type { FileVerifier } from './verify';
import { databaseUrlFor, makePdf, tempDataDir } from './test-support';
import type { IntakeContext, Workflow } from '../src/core/types';

const FLYER = JSON.parse(fs.readFileSync(new URL('../e2e/workflows/wf_e2e_flyer.json', import.meta.url), 'utf8')) as Workflow;
const A5: IntakeContext = { artworkSize: { width_mm: 148, height_mm: 210 } };
const A4: IntakeContext = { artworkSize: { width_mm: 210, height_mm: 297 } };

const opened: Database[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const db of opened) await db.close().catch(() => {});
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A job on the flyer workflow ordered as A5, with one stored A4 PDF waiting for its verdict. */
async function setUp() {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const db = openDatabase({ dataDir, databaseUrl: await databaseUrlFor(dataDir) });
  opened.push(db);
  await db.migrate();
  const file = path.join(dataDir, 'a4.pdf');
  fs.writeFileSync(file, await makePdf([{ widthMm: 210, heightMm: 297 }]));
  await db.jobs.create({ id: 'job_1', workflowId: 'wf_e2e_flyer', workflow: FLYER, tokenHash: 'h', context: A5, status: 'idle' });
  await db.files.replace({ jobId: 'job_1', id: 'f', uploadId: 'up_1', name: 'a4.pdf', size: fs.statSync(file).size, slot: null, declaredType: null });
  const row = (await db.files.update('job_1', 'f', { state: 'verifying', completedAt: new Date().toISOString() }))!;
  const verifier: FileVerifier = { inspect: (p, _owner, measures) => inspectFile(p, measures), close: async () => {} };
  return { db, file, row, verifier };
}

/** What PUT /context does (routes.ts): the new order, then every stored verdict judged again. */
async function putContext(db: Database, verification: Verification, context: IntakeContext) {
  await db.jobs.setContext('job_1', context);
  await verification.reevaluate('job_1');
}

function stage(overrides: Partial<RemediationStage>): RemediationStage {
  return { plan: () => null, process: async () => null, outputs: { clear: async () => {} } as never, ...overrides };
}

describe('verification and a change of order', () => {
  it('a verdict judged under the order before a change is judged again under the new one, not stored as it was', async () => {
    const { db, file, row, verifier } = await setUp();
    let processed = 0;
    const verification: Verification = createVerification({
      db, verifier, jobChanged: async () => {},
      withUploadFile: (_id, use) => use(file),
      // Judged under A5 (page size fails); the customer chooses A4 before the verdict is stored.
      remediation: stage({
        process: async () => {
          if (processed++ === 0) await putContext(db, verification, A4);
          return null;
        },
      }),
    });
    expect(await verification.verifyOne(row)).toBe('stored');
    const stored = (await db.files.get('job_1', 'f'))!;
    expect(stored.state).toBe('done');
    // judged under A4, the order the job now holds: the A4 file passes
    expect(stored.outcome).toBe('pass');
    expect(stored.findings?.find((f) => f.checkId === 'geom.page_size')?.outcome).toBe('pass');
    expect(processed).toBe(2);
  });

  it('asked to verify a file again while its verification is still finishing, it verifies it again afterwards (never left verifying)', async () => {
    const { db, file, row, verifier } = await setUp();
    let finishing!: () => void;
    const finished = new Promise<void>((r) => (finishing = r));
    let inspections = 0;
    const verification: Verification = createVerification({
      db, jobChanged: async () => {},
      verifier: { ...verifier, inspect: (...args) => (inspections++, verifier.inspect(...args)) },
      // The verdict is stored inside `use`; the run ends only after the test has changed the order.
      withUploadFile: async (_id, use) => {
        const result = await use(file);
        await finished;
        return result;
      },
      // Under A4 the stored verdict needs a production file: PUT /context sets the file back to
      // 'verifying' and starts it again.
      remediation: stage({
        plan: (_file, _inspection, _rule, context) => (context?.artworkSize?.width_mm === 210 ? { entry: {} as never, plan: { fixes: [{ fix: 'pdf.add_bleed', checkIds: ['geom.bleed.required'] }] } as never } : null),
      }),
    });
    await verification.start(row);
    for (let i = 0; i < 200 && (await db.files.get('job_1', 'f'))!.state === 'verifying'; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await db.files.get('job_1', 'f'))!.outcome).toBe('fail'); // A4 file, A5 order
    await putContext(db, verification, A4);
    expect((await db.files.get('job_1', 'f'))!.state).toBe('verifying');
    finishing();
    await verification.idle();
    for (let i = 0; i < 200 && (await db.files.get('job_1', 'f'))!.state === 'verifying'; i++) await new Promise((r) => setTimeout(r, 10));
    const stored = (await db.files.get('job_1', 'f'))!;
    expect(stored.state).toBe('done');
    expect(stored.outcome).toBe('pass');
    expect(inspections).toBe(2);
  });
});
