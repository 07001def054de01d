// The file list in a chunk of its own (FileList.tsx with the rows, previews' frames and proof
// links): the empty widget's first render does not need it, so that render stays within its
// budget, and the chunk is asked for right after it (preloadFileList), long before a customer can
// drop a file. Until it has loaded, and if it cannot load, the files are listed by name (as text);
// the status line and the gate never depend on this chunk.
import { useEffect, useState } from 'preact/hooks';
import type { FileRecord } from '../file-record';
import type { RowProps } from './FileList';

/** Names listed while the chunk loads (a screenful; the status line counts them all). */
const PLAIN_ROWS = 12;

type FileListModule = typeof import('./FileList');
let loaded: FileListModule | null = null;
let loading: Promise<FileListModule> | null = null;

/** Starts loading the list's chunk (once; again after a failure). */
export function preloadFileList(): Promise<FileListModule> {
  loading ??= import('./FileList').then(
    (m) => (loaded = m),
    (err) => {
      loading = null; // a later render may try again
      throw err;
    },
  );
  return loading;
}

export function LazyFileList(props: { records: FileRecord[]; rowProps: RowProps; label?: string }) {
  const [mod, setMod] = useState<FileListModule | null>(loaded);
  useEffect(() => {
    if (mod) return;
    let live = true;
    preloadFileList().then(
      (m) => live && setMod(m),
      () => undefined, // the plain list stays; the next render of a new file tries again
    );
    return () => {
      live = false;
    };
  }, [mod, props.records.length]);
  if (mod) return <mod.FileList {...props} />;
  return (
    <ul class="files" part="files" aria-label={props.label} aria-busy="true">
      {props.records.slice(0, PLAIN_ROWS).map((r) => (
        <li key={r.id} class="files__plain">
          {r.name}
        </li>
      ))}
    </ul>
  );
}
