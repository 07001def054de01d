// Soft proof of an inspected PDF: the first pages rendered in a worker (workers/render-page.ts)
// with the trim (solid), bleed (dashed) and safe-zone (dotted) lines and each finding's boxes
// marked, a legend that names every mark by its line style (never colour alone), a pager for
// the other pages (rendered on demand), and, when the workflow asks for it, Approve / Reject.
//
// Rendering starts only when the row is visible and never touches the verdict: a page that
// cannot be rendered (corrupt file, pdf.js stuck, no OffscreenCanvas) simply shows no proof.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { signal, type Signal } from '@preact/signals';
import type { Profile, Rect } from '../../core/types';
import type { FileRecord } from '../file-record';
import { PROOF_STYLE, type MarkStyle } from '../../core/proof-style';
import { useSeen } from './use-seen';

/** What the proof reads of a file: an upload's record, or the production file's (OutputProof). */
export type ProofSubject = Pick<FileRecord, 'id' | 'name' | 'file' | 'state' | 'facts' | 'entry' | 'findings'>;
import type { InspectorPool, ProofOverlay } from '../inspector-pool';
import type { Approval, ProofPage, ProofState } from '../proof-state';

export interface ProofViewProps {
  record: ProofSubject;
  locale: string;
  /** The page's inspector pool (renders run on its low-priority worker). */
  pool?: InspectorPool;
  /**
   * Texts in the customer's language (the widget's translator). This view may be loaded as its
   * own chunk with its own copy of modules, so it takes the translator instead of importing it.
   */
  translate?: (key: string, params: Record<string, string | number>) => string | null;
  /** The intake's proof state: receives the rendered pages and holds the approval. */
  state?: ProofState;
  /** Show Approve / Reject (the workflow's `proof.approvalRequired`). */
  approvalRequired?: boolean;
  /** The workflow's `proof.message`, shown above the buttons. */
  message?: string;
  /** The workflow's `proof.affirmButtonText` (default "Approve"). */
  affirmLabel?: string;
  /** Safe zone inside the trim in mm; default: the profile's `geom.safety_margin.min_mm` when that check is on. */
  safeMm?: number;
  /** The approval of this file, when not taken from `state`. */
  approval?: Signal<Approval>;
  /** Called once the first pages are rendered (the `proof` event's pages for this file). */
  onRendered?: (pages: ProofPage[]) => void;
  /** Long side of each page image in device pixels. */
  maxPx?: number;
  /** Pages rendered up front; later ones when the pager reaches them. */
  initialPages?: number;
}



let translator: ProofViewProps['translate'] = undefined;

/** A UI string in the customer's language, from the widget's catalogue (src/core/messages). */
function msg(key: string, params: Record<string, string | number>, _locale: string): string {
  return translator?.(key, params) ?? key;
}

function joinList(items: string[], locale: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${msg('ui.proof.and', {}, locale)} ${items.at(-1)}`;
}

/** Safe zone from the profile: `geom.safety_margin` when enabled (its min_mm, default 3). */
export function profileSafeMm(profile: Profile | undefined): number | undefined {
  for (const section of Object.values(profile?.sections ?? {})) {
    if (!section || section.enabled === false) continue;
    const rule = (section.rules as Record<string, { enabled?: boolean; severity?: string; target?: Record<string, unknown> } | undefined> | undefined)?.['geom.safety_margin'];
    if (!rule || rule.enabled === false || rule.severity === 'off') continue;
    const mm = Number(rule.target?.min_mm ?? 3);
    return Number.isFinite(mm) && mm > 0 ? mm : undefined;
  }
  return undefined;
}

/** Does this row get a proof? An inspected PDF whose bytes are here. */
export function wantsProof(record: ProofSubject): boolean {
  const pdf = record.facts.value?.pdf;
  return !!record.file && record.state.value === 'done' && !!pdf && pdf.pageCount > 0 && !pdf.encrypted;
}

interface Shown {
  url: string;
  width: number;
  height: number;
}

type PageSlot = Shown | 'loading' | 'failed';

export function ProofView(props: ProofViewProps) {
  const { record, locale, state, approvalRequired, message, affirmLabel, onRendered } = props;
  translator = props.translate;
  const maxPx = props.maxPx ?? 800;
  const initial = Math.max(1, props.initialPages ?? 3);
  const [slots, setSlots] = useState<Record<number, PageSlot>>({});
  const [current, setCurrent] = useState(1);
  const [failed, setFailed] = useState(false);
  const localApproval = useMemo(() => signal<Approval>(null), []);
  const approval = props.approval ?? state?.approvalFor(record.id) ?? localApproval;

  const facts = record.facts.value;
  const pdf = facts?.pdf;
  const wanted = wantsProof(record);
  const [el, visible] = useSeen<HTMLElement>(wanted);
  const pageCount = pdf?.pageCount ?? 0;
  const safeMm = props.safeMm ?? profileSafeMm(record.entry.value?.preflight.profile);
  const findings = record.findings.value;

  // What to draw on page n: its trim and bleed boxes, the safe zone, the findings' boxes.
  const overlayFor = (n: number): ProofOverlay => {
    const boxes = pdf?.pages.find((p) => p.page === n)?.boxes;
    const marks: Rect[] = [];
    for (const f of findings) {
      if (f.outcome !== 'fail' && f.outcome !== 'warn') continue;
      for (const b of f.boxes ?? []) if (b.page === n) marks.push(b.rect);
    }
    return {
      ...(boxes?.trim ? { trim: boxes.trim } : {}),
      ...(boxes?.bleed ? { bleed: boxes.bleed } : {}),
      ...(safeMm ? { safeMm } : {}),
      ...(marks.length ? { boxes: marks } : {}),
    };
  };
  // Re-render when the findings change (the server's verdict replaces the browser's).
  const overlayKey = useMemo(() => JSON.stringify([safeMm ?? 0, findings.map((f) => [f.outcome, f.boxes ?? null])]), [findings, safeMm]);


  // Object URLs this view must revoke itself (pages handed to `state` are revoked by it).
  const owned = useRef(new Set<string>());
  const ctl = useRef<AbortController | null>(null);

  const render = (p: InspectorPool, n: number, signal: AbortSignal): Promise<Shown | null> =>
    p.renderPage!(record.file!, n, { maxPx, overlay: overlayFor(n), signal }).then((reply) => {
      if (signal.aborted || !reply.ok) return null;
      const url = URL.createObjectURL(reply.blob);
      return { url, width: reply.width, height: reply.height };
    });

  useEffect(() => {
    if (!wanted || !record.file) return;
    // a proof is on its way: when approval is required, the gate waits for the answer
    state?.expect(record.id);
    if (!visible) return;
    const p = props.pool!;
    if (!p.renderPage) {
      setFailed(true);
      state?.unavailable(record.id);
      return;
    }
    const abort = new AbortController();
    ctl.current = abort;
    const first = Math.min(initial, pageCount);
    setSlots(Object.fromEntries(Array.from({ length: first }, (_, i) => [i + 1, 'loading' as PageSlot])));
    setFailed(false);
    void (async () => {
      const done: ProofPage[] = [];
      const localUrls: string[] = [];
      for (let n = 1; n <= first; n++) {
        const shown = await render(p, n, abort.signal);
        if (abort.signal.aborted) {
          if (shown) URL.revokeObjectURL(shown.url);
          return;
        }
        if (shown) {
          done.push({ url: shown.url, page: n, width: shown.width, height: shown.height });
          localUrls.push(shown.url);
        }
        setSlots((s) => ({ ...s, [n]: shown ?? 'failed' }));
        // the first page failing means the file will not render: stop asking
        if (!shown && n === 1) break;
      }
      if (done.length === 0) {
        setFailed(true);
        state?.unavailable(record.id);
        return;
      }
      if (state) state.setPages(record.id, done);
      else for (const u of localUrls) owned.current.add(u);
      onRendered?.(done);
    })();
    return () => {
      abort.abort();
      for (const u of owned.current) URL.revokeObjectURL(u);
      owned.current.clear();
      setSlots({});
      setCurrent(1);
    };
  }, [wanted, visible, record.file, props.pool, overlayKey, maxPx, initial]);

  // Pages past the first ones: rendered when the pager reaches them.
  useEffect(() => {
    if (!visible || !wanted || failed || slots[current] !== undefined || current <= Math.min(initial, pageCount)) return;
    const p = props.pool!;
    const abort = ctl.current;
    if (!p.renderPage || !abort || abort.signal.aborted) return;
    setSlots((s) => ({ ...s, [current]: 'loading' }));
    const n = current;
    void render(p, n, abort.signal).then((shown) => {
      if (abort.signal.aborted) {
        if (shown) URL.revokeObjectURL(shown.url);
        return;
      }
      if (shown) owned.current.add(shown.url);
      setSlots((s) => ({ ...s, [n]: shown ?? 'failed' }));
    });
  }, [current, visible, wanted, failed, slots]);

  if (!wanted || failed) return null;

  const slot = slots[current];
  const pageFacts = pdf?.pages.find((q) => q.page === current);
  const overlay = overlayFor(current);
  const marks = [
    ...(pageFacts?.boxes.trim ? ['trim'] : []),
    ...(pageFacts?.boxes.bleed ? ['bleed'] : []),
    ...(safeMm ? ['safe'] : []),
  ];
  const findingCount = overlay.boxes?.length ?? 0;
  const alt = [
    marks.length
      ? msg('ui.proof.altMarked', { page: current, count: pageCount, marks: joinList(marks.map((m) => msg(`ui.proof.mark.${m}`, {}, locale)), locale) }, locale)
      : msg('ui.proof.alt', { page: current, count: pageCount }, locale),
    ...(findingCount ? [msg('ui.proof.altFindings', { count: findingCount }, locale)] : []),
  ].join(', ');
  const rendered = Object.values(slots).some((s) => typeof s === 'object');
  const answer = approval.value;
  const titleId = `${record.id}-proof-title`;
  const legendItems: [string, 'line' | 'box', MarkStyle][] = [
    ...marks.map((m) => [m, 'line', PROOF_STYLE[m as 'trim' | 'bleed' | 'safe']] as [string, 'line', MarkStyle]),
    ...(findingCount ? [['finding', 'box', PROOF_STYLE.finding] as [string, 'box', MarkStyle]] : []),
  ];

  return (
    <section ref={el} class="proof" part="proof" data-proof={slot && typeof slot === 'object' ? 'ready' : visible ? 'loading' : 'pending'} aria-labelledby={titleId} style={{ marginTop: '8px' }}>
      <h3 id={titleId} class="proof__title" style={{ fontSize: '.9rem', margin: '0 0 4px' }}>
        {msg('ui.proof.title', {}, locale)}
      </h3>
      <div class="proof__page" style={{ display: 'grid', placeItems: 'center', minHeight: '80px', background: 'color-mix(in srgb, currentColor 6%, transparent)', borderRadius: '4px', padding: '6px' }}>
        {slot && typeof slot === 'object' ? (
          <img
            class="proof__img"
            part="proof-image"
            src={slot.url}
            alt={alt}
            data-page={current}
            width={slot.width}
            height={slot.height}
            decoding="async"
            draggable={false}
            // a page whose CSP has no `img-src blob:` refuses the image: say so instead of a broken icon
            onError={() => setSlots((all) => ({ ...all, [current]: 'failed' }))}
            style={{ width: 'auto', height: 'auto', maxWidth: '100%', maxHeight: '70vh', boxShadow: '0 1px 3px rgba(0,0,0,.3)' }}
          />
        ) : slot === 'failed' ? (
          <span class="proof__note">{msg('ui.proof.pageFailed', {}, locale)}</span>
        ) : (
          <span class="proof__note" role="status">{msg('ui.proof.loading', {}, locale)}</span>
        )}
      </div>
      {pageCount > 1 ? (
        <div class="proof__pager" style={{ display: 'flex', gap: '8px', alignItems: 'center', justifyContent: 'center', marginTop: '6px' }}>
          <button type="button" class="btn" part="button" disabled={current <= 1} aria-label={msg('ui.proof.prev', {}, locale)} onClick={() => setCurrent((c) => Math.max(1, c - 1))}>
            ‹
          </button>
          <span class="proof__count" aria-live="polite">
            {msg('ui.proof.pager', { page: current, count: pageCount }, locale)}
          </span>
          <button type="button" class="btn" part="button" disabled={current >= pageCount} aria-label={msg('ui.proof.next', {}, locale)} onClick={() => setCurrent((c) => Math.min(pageCount, c + 1))}>
            ›
          </button>
        </div>
      ) : null}
      {legendItems.length ? (
        <ul class="proof__legend" aria-label={msg('ui.proof.legend', {}, locale)} style={{ listStyle: 'none', padding: 0, margin: '6px 0 0', display: 'flex', flexWrap: 'wrap', gap: '4px 14px', fontSize: '.8rem' }}>
          {legendItems.map(([key, kind, st]) => (
            <li key={key} class={`proof__key proof__key--${key}`} style={{ display: 'inline-flex', alignItems: 'center', gap: '6px' }}>
              <svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
                {kind === 'line' ? (
                  <line x1="1" y1="6" x2="27" y2="6" stroke={st.color} stroke-width={st.width} stroke-dasharray={st.dash.join(' ') || undefined} />
                ) : (
                  <rect x="2" y="1" width="24" height="10" fill={st.color} fill-opacity={PROOF_STYLE.finding.fillOpacity} stroke={st.color} stroke-width={st.width} />
                )}
              </svg>
              {msg(`ui.proof.legend.${key}`, {}, locale)}
            </li>
          ))}
        </ul>
      ) : null}
      {approvalRequired && rendered ? (
        <div class="proof__approval" role="group" aria-label={msg('ui.proof.choice', { name: record.name }, locale)} style={{ marginTop: '8px' }}>
          <p class="proof__message" style={{ margin: '0 0 6px' }}>
            {message ?? msg('ui.proof.message', {}, locale)}
          </p>
          <div style={{ display: 'flex', gap: '8px', flexWrap: 'wrap' }}>
            <button type="button" class="btn proof__approve" part="button proof-approve" aria-pressed={answer === true ? 'true' : 'false'} onClick={() => (approval.value = true)}>
              {affirmLabel ?? msg('ui.proof.approve', {}, locale)}
            </button>
            <button type="button" class="btn proof__reject" part="button proof-reject" aria-pressed={answer === false ? 'true' : 'false'} onClick={() => (approval.value = false)}>
              {msg('ui.proof.reject', {}, locale)}
            </button>
          </div>
          {answer !== null ? (
            <p class="proof__answer" role="status" data-answer={answer ? 'approved' : 'rejected'} style={{ margin: '6px 0 0' }}>
              {msg(answer ? 'ui.proof.approved' : 'ui.proof.rejected', {}, locale)}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

// Other rarely shown parts of a file row ride in this chunk too (loaded on first use): the
// production file's proof and the fix notes (remediation).
export { OutputProof } from './OutputProof';
export { FixNotes } from './FixNotes';
