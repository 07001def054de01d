// The file list: rows rendered a screenful at a time, in a chunk of its own that starts loading
// right after the widget's first render (an empty widget never shows a row, so the first render
// does not wait for it; see LazyFileList.tsx).
import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FileRecord } from '../file-record';
import { FileRow, type FileRowProps } from './FileRow';

/** Rows rendered at first, and added each time the end of the list comes near the viewport. */
export const FIRST_ROWS = 12;
const MORE_ROWS = 12;
/** Rows rendered without scrolling, a step per task (a screenful or two on any display). */
const AUTO_ROWS = 48;
/** A rough row height, only to size the placeholder that stands for rows not rendered yet. */
const ROW_ESTIMATE_PX = 56;

/**
 * The file list, rendered lazily: a drop of 300 files builds the first FIRST_ROWS rows at once
 * (one short main-thread task), more up to AUTO_ROWS in the next tasks, and the rest in steps of
 * MORE_ROWS as the customer scrolls towards them (an IntersectionObserver on a placeholder after
 * the last rendered row). Rows that were rendered stay rendered; every file is inspected and
 * counted in the status line either way.
 */
export type RowProps = Omit<FileRowProps, 'record'>;

export function FileList({ records, rowProps, label }: { records: FileRecord[]; rowProps: RowProps; label?: string }) {
  const [limit, setLimit] = useState(FIRST_ROWS);
  const more = useRef<HTMLLIElement>(null);
  const hidden = Math.max(0, records.length - limit);
  const shown = hidden > 0 ? records.slice(0, limit) : records;
  // Row elements kept per record while the row props stay the same: Preact skips a component whose
  // element is the one it rendered last time, so a list-level render (a slice of a big drop, a
  // status change) leaves the rows on screen alone; each row's own signals still update it.
  // (A class with shouldComponentUpdate would do the same, but would bring a second copy of Preact
  // into this chunk: it is built against the bundle's hooks only, see lazy.cdn.ts.)
  const kept = useRef({ rowProps, rows: new WeakMap<FileRecord, VNode>() });
  if (kept.current.rowProps !== rowProps) kept.current = { rowProps, rows: new WeakMap() };
  const rowFor = (r: FileRecord) => {
    let row = kept.current.rows.get(r);
    if (!row) kept.current.rows.set(r, (row = <FileRow key={r.id} record={r} {...rowProps} />));
    return row;
  };

  useEffect(() => {
    if (hidden === 0 || !more.current) return;
    // Up to AUTO_ROWS, the next step follows in the next task whether or not it is in view.
    if (limit < AUTO_ROWS) {
      const timer = setTimeout(() => setLimit((n) => n + MORE_ROWS), 0);
      return () => clearTimeout(timer);
    }
    if (typeof IntersectionObserver === 'undefined') return setLimit(records.length);
    // Re-created after each step: observe() reports the current state at once, so a placeholder
    // still in view after a step asks for the next one.
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setLimit((n) => n + MORE_ROWS);
    }, { rootMargin: '400px 0px' });
    io.observe(more.current);
    return () => io.disconnect();
  }, [hidden > 0, limit]);

  return (
    <ul class="files" part="files" aria-label={label}>
      {shown.map(rowFor)}
      {hidden > 0 ? <li ref={more} class="files__more" aria-hidden="true" style={{ listStyle: 'none', height: `${Math.min(hidden, MORE_ROWS) * ROW_ESTIMATE_PX}px` }} /> : null}
    </ul>
  );
}
