// A job started by staff: files received another way, checked against any workflow. The job is
// created by the portal (marked with who started it) and the files go up through tus exactly as
// the widget sends them, so the server's verification and the report are the same.
import { useEffect, useState } from 'preact/hooks';
import { Upload } from 'tus-js-client';
import { call } from './api';
import { route, tr } from './state';

function upload(file: File, job: { id: string; token: string }, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const u = new Upload(file, {
      endpoint: '/v1/uploads/',
      headers: { Authorization: `Bearer ${job.token}` },
      metadata: { jobId: job.id, filename: file.name, filetype: file.type || 'application/octet-stream', fileId: `staff_${index + 1}` },
      retryDelays: [0, 1000, 3000],
      chunkSize: 8 * 1024 * 1024,
      onSuccess: () => resolve(),
      // A refused file (type, size) stays in the job with its reason: the report shows it.
      onError: (err) => ((err as { originalResponse?: { getStatus(): number } }).originalResponse?.getStatus() ?? 0) >= 400 ? resolve() : reject(err),
    });
    u.start();
  });
}

export function NewCheck() {
  const [workflows, setWorkflows] = useState<{ id: string; title: string }[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call<{ data: { id: string; title: string }[] }>('GET', '/workflows').then((r) => setWorkflows(r.data), (e) => setError(e.message));
  }, []);

  const submit = async (ev: Event) => {
    ev.preventDefault();
    const workflowId = String(new FormData(ev.currentTarget as HTMLFormElement).get('workflowId') ?? '');
    if (!workflowId || files.length === 0) return;
    setError(null);
    try {
      const job = await call<{ id: string; token: string }>('POST', '/jobs', { workflowId });
      for (const [i, f] of files.entries()) {
        setBusy(tr('admin.new.uploading', { name: f.name }));
        await upload(f, job, i);
      }
      location.hash = `#/jobs/${job.id}`;
      route.value = location.hash;
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form class="card newcheck" onSubmit={submit} aria-labelledby="new-title">
      <h1 id="new-title">{tr('admin.new.title')}</h1>
      <p class="muted">{tr('admin.new.help')}</p>
      <label>{tr('admin.new.workflow')}
        <select name="workflowId" required>
          {workflows.map((w) => <option key={w.id} value={w.id}>{w.title}</option>)}
        </select>
      </label>
      <label
        class={`drop${over ? ' drop--over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); setFiles([...(e.dataTransfer?.files ?? [])]); }}
      >
        {tr('admin.new.drop')}
        <input type="file" name="files" multiple onChange={(e) => setFiles([...((e.currentTarget as HTMLInputElement).files ?? [])])} />
      </label>
      {files.length > 0 && <ul>{files.map((f) => <li key={f.name}>{f.name}</li>)}</ul>}
      {busy && <p role="status">{busy}</p>}
      {error && <p class="error" role="alert">{tr('admin.error', { message: error })}</p>}
      <button class="btn btn--primary" type="submit" disabled={!!busy || files.length === 0}>{tr('admin.new.submit')}</button>
    </form>
  );
}
