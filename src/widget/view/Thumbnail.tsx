// A file row's small preview, made in a worker through the shared pool's low-priority lane (one
// worker, one preview at a time, after every waiting inspection: bounded, never on the main
// thread), only once the row is visible. What gets one is the policy's (src/core/thumbnail-policy.ts):
// page 1 of a PDF (workers/render-page.ts) and rasters browsers decode within the pixel and byte
// caps (workers/thumbnail.ts). Anything else (TIFF, HEIC, a decompression bomb, a file the decoder
// refuses, a row restored without its bytes) shows its type icon: a page with the format's tag.
// The verdict never waits for it.
import { useEffect, useState } from 'preact/hooks';
import { THUMBNAIL_PX, thumbnailSource } from '../../core/thumbnail-policy';
import { formatTag } from '../../core/formats';
import type { InspectorPool } from '../inspector-pool';
import type { FileRecord } from '../file-record';
import { SHOWN_PX, thumbBox as box } from './thumb-box';
import { useSeen } from './use-seen';
import { usePreviewTurn } from './use-preview-turn';

type Phase = 'pending' | 'loading' | 'ready' | 'none';


const icon = { display: 'flex', flexDirection: 'column', alignItems: 'center', lineHeight: 1 } as const;
const tagStyle = { fontSize: '9px', fontWeight: 700, marginTop: '1px' } as const;

export function Thumbnail({ record, pool }: { record: FileRecord; pool: InspectorPool }) {
  const [thumb, setThumb] = useState<{ url: string; width: number; height: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const facts = record.facts.value;
  const source = record.file ? thumbnailSource(facts) : null;
  const wanted = !!source;
  // Visible rows only: a list of 300 files decodes the dozen on screen, the rest when scrolled to.
  const [el, visible] = useSeen<HTMLSpanElement>(wanted);
  // …and not while its own upload, on a fast line, is about to end (thumbnail-policy.ts).
  const turn = usePreviewTurn(record, wanted && visible && !!record.file);

  useEffect(() => {
    const file = record.file;
    if (!source || !visible || !file || !turn) return;
    const ctl = new AbortController();
    const signal = ctl.signal;
    const ask =
      source === 'page'
        ? pool.renderPage?.(file, 1, { maxPx: THUMBNAIL_PX, type: 'image/webp', signal })
        : pool.thumbnail?.(file, THUMBNAIL_PX, { signal });
    if (!ask) return setFailed(true);
    let url: string | null = null;
    void ask.then((reply) => {
      if (signal.aborted) return;
      if (!reply.ok) return setFailed(true);
      url = URL.createObjectURL(reply.blob);
      setThumb({ url, width: reply.width, height: reply.height });
    });
    // Unmount (row removed, replaced, widget destroyed): drop a queued request, free the bytes.
    return () => {
      ctl.abort();
      if (url) URL.revokeObjectURL(url);
      setThumb(null);
    };
  }, [source, visible, turn, record.file, pool]);

  const settled = !!facts || !!record.error.value || !!record.refusal.value || !record.file;
  const phase: Phase = thumb ? 'ready' : !settled ? 'pending' : !wanted || failed ? 'none' : visible ? 'loading' : 'pending';
  // The type icon's tag: what the bytes are (sniffed), else what the facts say.
  const tag = formatTag(record.sniffed.value?.format ?? facts?.format);
  const scale = thumb ? SHOWN_PX / Math.max(thumb.width, thumb.height) : 1;
  // A page whose CSP has no `img-src blob:` refuses the preview: show the icon instead.
  const refused = () => {
    if (thumb) URL.revokeObjectURL(thumb.url);
    setThumb(null);
    setFailed(true);
  };

  return (
    <span ref={el} class="file__thumb" part="thumbnail" data-thumb={phase} data-type={phase === 'none' ? tag.toLowerCase() || 'unknown' : undefined} aria-hidden={thumb ? undefined : 'true'} style={box}>
      {thumb ? (
        <img class="file__thumb-img" src={thumb.url} alt="" width={Math.round(thumb.width * scale)} height={Math.round(thumb.height * scale)} decoding="async" draggable={false} onError={refused} />
      ) : phase === 'none' ? (
        <span class="file__thumb-icon" style={icon}>
          <svg viewBox="0 0 24 24" width={tag ? 16 : 20} height={tag ? 16 : 20} fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true">
            <path d="M6 3h8l4 4v14H6z" />
            <path d="M14 3v4h4" />
          </svg>
          {tag ? <span class="file__thumb-tag" style={tagStyle}>{tag}</span> : null}
        </span>
      ) : null}
    </span>
  );
}
