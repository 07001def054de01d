// A file row's small preview. Made in a worker (workers/thumbnail.ts) through the shared pool,
// only once the row is visible, only for raster formats browsers decode and within the pixel
// and byte caps; anything else (PDF, TIFF, HEIC, a decompression bomb, a file the decoder refuses, a
// row restored without its bytes) shows a neutral icon. The verdict never waits for it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { wantsThumbnail } from '../../core/thumbnail-policy';
import type { InspectorPool } from '../inspector-pool';
import type { FileRecord } from '../file-record';

/** Long side of the preview in device pixels (shown at half that in CSS pixels: sharp on HiDPI). */
export const THUMBNAIL_PX = 96;
const SHOWN_PX = 40;

type Phase = 'pending' | 'loading' | 'ready' | 'none';

// Sizing lives here (CSSOM, allowed under a strict CSP) so the row needs no new stylesheet rules.
const box = {
  display: 'inline-grid',
  placeItems: 'center',
  flex: '0 0 auto',
  width: `${SHOWN_PX}px`,
  height: `${SHOWN_PX}px`,
  borderRadius: '4px',
  overflow: 'hidden',
  background: 'color-mix(in srgb, currentColor 6%, transparent)',
  color: 'var(--_muted, #5b6270)',
} as const;

export function Thumbnail({ record, pool }: { record: FileRecord; pool: InspectorPool }) {
  const el = useRef<HTMLSpanElement>(null);
  const [visible, setVisible] = useState(false);
  const [thumb, setThumb] = useState<{ url: string; width: number; height: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const facts = record.facts.value;
  const wanted = !!record.file && wantsThumbnail(facts);

  // Visible rows only: a list of 300 files decodes the dozen on screen, the rest when scrolled to.
  useEffect(() => {
    if (!wanted || visible || !el.current) return;
    if (typeof IntersectionObserver === 'undefined') return setVisible(true);
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setVisible(true);
        io.disconnect();
      }
    }, { rootMargin: '200px 0px' });
    io.observe(el.current);
    return () => io.disconnect();
  }, [wanted, visible]);

  useEffect(() => {
    if (!wanted || !visible || !record.file) return;
    const p = pool;
    if (!p.thumbnail) return setFailed(true);
    const ctl = new AbortController();
    let url: string | null = null;
    void p.thumbnail(record.file, THUMBNAIL_PX, { signal: ctl.signal }).then((reply) => {
      if (ctl.signal.aborted) return;
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
  }, [wanted, visible, record.file, pool]);

  const settled = !!facts || !!record.error.value || !!record.refusal.value || !record.file;
  const phase: Phase = thumb ? 'ready' : !settled ? 'pending' : !wanted || failed ? 'none' : visible ? 'loading' : 'pending';
  const scale = thumb ? SHOWN_PX / Math.max(thumb.width, thumb.height) : 1;
  // A page whose CSP has no `img-src blob:` refuses the preview: show the icon instead.
  const refused = () => {
    if (thumb) URL.revokeObjectURL(thumb.url);
    setThumb(null);
    setFailed(true);
  };

  return (
    <span ref={el} class="file__thumb" part="thumbnail" data-thumb={phase} aria-hidden={thumb ? undefined : 'true'} style={box}>
      {thumb ? (
        <img class="file__thumb-img" src={thumb.url} alt="" width={Math.round(thumb.width * scale)} height={Math.round(thumb.height * scale)} decoding="async" draggable={false} onError={refused} />
      ) : phase === 'none' ? (
        <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true">
          <path d="M6 3h8l4 4v14H6z" />
          <path d="M14 3v4h4" />
        </svg>
      ) : null}
    </span>
  );
}
