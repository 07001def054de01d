// Where the time to verdict of a big PDF goes in Chromium: a CPU profile of the inspection
// worker(s) and of the main thread while the widget judges one file, summarised as self time per
// function (top rows). A tool for working on issue 18's speed, not a benchmark: the profiler
// itself slows the run down.
// Run: npm run build && npx tsx bench/profile-pdf.ts [pages=1000] [imageBytes=30000]
// (for readable names, build the chunks unminified: FC_NO_MINIFY=1 npm run build)
// PROFILE_COLD=1: the file is the page's first (after the pointer rested on the drop zone, which
// starts the worker and loads the reader), as a customer's first drop, not after a warm-up file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStaticServer } from '../scripts/static-server.mjs';
import { launchChromium, openWidgetPage, restPointerOn } from './browser-harness';
import { pdfWithPages } from './pdf-fixtures';

const ROOT = resolve(import.meta.dirname, '..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function summarise(name: string, p: Profile, top = 25): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(p.samples[i]!)!;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    if (f.functionName !== '(idle)' && f.functionName !== '(program)') total += dt;
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`\n${name}: ${((p.endTime - p.startTime) / 1000).toFixed(0)} ms profiled, ${total.toFixed(0)} ms busy (not idle/program)`);
  for (const [k, ms] of rows) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
}

/** CPU ticks (1/100 s) of every thread of this process's descendants (Chromium), by process/thread name. */
function cpuTicks(): Map<string, number> {
  const kids = new Map<number, number[]>();
  const comm = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
      comm.set(Number(d), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      // the process ended between the listing and the read: nothing to count
    }
  }
  const out = new Map<string, number>();
  const walk = (pid: number) => {
    for (const k of kids.get(pid) ?? []) {
      try {
        for (const t of readdirSync(`/proc/${k}/task`)) {
          const st = readFileSync(`/proc/${k}/task/${t}/stat`, 'utf8');
          const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
          const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
          const key = `${k}/${t} ${comm.get(k)}:${name}`;
          out.set(key, Number(f[11]) + Number(f[12]));
        }
      } catch {
        // the process or thread ended while being read: its ticks are gone with it
      }
      walk(k);
    }
  };
  walk(process.pid);
  return out;
}

function cpuDiff(a: Map<string, number>, b: Map<string, number>): void {
  const rows = [...b].map(([k, v]) => [k.replace(/^\d+\/\d+ /, ''), (v - (a.get(k) ?? 0)) * 10] as const).filter(([, ms]) => ms > 0);
  const merged = new Map<string, number>();
  for (const [k, ms] of rows) merged.set(k, (merged.get(k) ?? 0) + ms);
  const total = [...merged.values()].reduce((x, y) => x + y, 0);
  console.log(`  Chromium CPU ${total} ms: ${[...merged].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([k, ms]) => `${k} ${ms}`).join(', ')}`);
}

async function main(): Promise<void> {
  const pages = Number(process.argv[2] ?? 1000);
  const imageBytes = Number(process.argv[3] ?? 30_000);
  const work = mkdtempSync(join(tmpdir(), 'fc-profile-'));
  const site = await startStaticServer({ dir: ROOT, port: 0 });
  const browser = await launchChromium();
  try {
    const bytes = await pdfWithPages(pages, imageBytes);
    const path = join(work, 'big.pdf');
    writeFileSync(path, bytes);
    const widget = await openWidgetPage(browser, site.url);
    widget.page.on('console', (m) => {
      if (m.text().startsWith('TRACE')) console.log(`  ${m.text()}`);
    });
    if (process.env.PROFILE_COLD === '1') await restPointerOn(widget.page, '#one .dropzone', 1500);
    else await widget.measure(path, bytes.length); // warm-up: worker started, reader loaded, JIT warmer
    const cdp = await widget.page.context().newCDPSession(widget.page);
    const workers: string[] = [];
    let nextId = 1000;
    const pending = new Map<number, (r: any) => void>();
    cdp.on('Target.attachedToTarget', (ev: any) => {
      if (ev.targetInfo.type === 'worker') workers.push(ev.sessionId);
    });
    cdp.on('Target.receivedMessageFromTarget', (ev: any) => {
      const msg = JSON.parse(ev.message);
      if (msg.id && pending.has(msg.id)) {
        pending.get(msg.id)!(msg.result ?? msg.error);
        pending.delete(msg.id);
      }
    });
    const toWorker = (sessionId: string, method: string, params: object = {}) =>
      new Promise<any>((res) => {
        const id = nextId++;
        pending.set(id, res);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await new Promise((r) => setTimeout(r, 300));
    console.log(`${workers.length} worker(s) attached; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const profiling = process.env.PROFILE !== '0';
    for (const s of profiling ? workers : []) {
      await toWorker(s, 'Profiler.enable');
      await toWorker(s, 'Profiler.setSamplingInterval', { interval: 100 });
      await toWorker(s, 'Profiler.start');
    }
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    if (profiling) await cdp.send('Profiler.start');
    const runs = Number(process.env.PROFILE_RUNS ?? 1);
    for (let i = 0; i < runs; i++) {
      await widget.quiet();
      const before = cpuTicks();
      const m = await widget.measure(path, bytes.length);
      cpuDiff(before, cpuTicks());
      const at = await widget.page.evaluate(() => performance.timeOrigin + (window as any).__bench.changeAt);
      console.log(`  change event at ${at}`);
      console.log(`verdict in ${m.ms.toFixed(0)} ms (${m.outcome}, ${m.bytesRead} bytes read, longest main-thread task ${m.longest.toFixed(0)} ms)`);
    }
    if (!profiling) return;
    const main = (await cdp.send('Profiler.stop')).profile as Profile;
    for (const [i, s] of workers.entries()) {
      const r = await toWorker(s, 'Profiler.stop');
      if (r?.profile) summarise(`worker ${i}`, r.profile as Profile);
      if (r?.profile && process.env.PROFILE_OUT) writeFileSync(`${process.env.PROFILE_OUT}-worker${i}.cpuprofile`, JSON.stringify(r.profile));
    }
    summarise('main thread', main, 15);
  } finally {
    await browser.close();
    await site.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
