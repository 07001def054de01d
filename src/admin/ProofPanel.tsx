// The soft proof in the portal: the widget's own ProofView (pages rendered by pdf.js in the
// widget's worker pool, trim/bleed/safe marks and finding boxes, legend, pager) over the stored
// bytes of the file, in a shadow root styled by the widget's stylesheet (adopted, so no inline
// <style> is needed under the portal's CSP).
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { hasMessage, t } from '../core/i18n';
import type { AcceptEntry, Workflow } from '../core/types';
import { sharedPool } from '../embed/pool';
import type { JobFile } from '../server-sdk/types';
import { newFileLife } from '../core/file-life';
import { createFileRecord } from '../widget/file-record';
import { styles } from '../widget/view/styles';
import { tr } from './state';

let sheet: CSSStyleSheet | null = null;

function entryFor(workflow: Workflow, file: JobFile): AcceptEntry | undefined {
  return workflow.rule.accepts.find((a) => a.kind === file.kind) ?? workflow.rule.accepts[0];
}

export function ProofPanel({ file, url, workflow, locale }: { file: JobFile; url: string; workflow: Workflow; locale: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'shown' | 'failed'>('loading');

  useEffect(() => {
    let live = true;
    const el = host.current!;
    (async () => {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const blob = await res.blob();
      if (!live) return;
      // The server's verdict, as the widget holds it after verification.
      const life = { ...newFileLife(), inspect: 'done' as const, verdictBy: 'server' as const, facts: file.facts, findings: file.findings };
      const record = createFileRecord({ file: new File([blob], file.name, { type: 'application/pdf' }), name: file.name, size: file.size, slot: file.slot, id: file.id, life });
      const entry = entryFor(workflow, file);
      // The proof view (and the worker pool behind it) loads only when a proof is asked for.
      const { ProofView, profileSafeMm } = await import('../widget/view/ProofView');
      if (!live) return;
      const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(styles);
      }
      shadow.adoptedStyleSheets = [sheet];
      render(
        <div class="fc">
          <ProofView
            record={record}
            locale={locale}
            pool={sharedPool()}
            translate={(key, params) => (hasMessage(key, locale) ? t(key, params, locale) : null)}
            safeMm={profileSafeMm(entry?.preflight?.profile)}
          />
        </div>,
        shadow,
      );
      setState('shown');
    })().catch(() => live && setState('failed'));
    return () => {
      live = false;
      if (el.shadowRoot) render(null, el.shadowRoot);
    };
  }, [url]);

  return (
    <div class="proof-panel">
      {state === 'loading' && <p class="muted" role="status">{tr('admin.job.proofLoading')}</p>}
      {state === 'failed' && <p class="error" role="alert">{tr('admin.job.proofFailed')}</p>}
      <div ref={host} data-proof-for={file.id} />
    </div>
  );
}
