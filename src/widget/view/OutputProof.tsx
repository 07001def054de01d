// The proof of the production file: once the server has fixed a PDF (or made one from an image),
// its bytes are fetched through the transport (it holds the job token) and shown with the same
// soft-proof view as an upload, with the production file's own trim and bleed boxes. With
// proof.approvalRequired the customer's answer here is the answer for the file: they approve the
// fixed version. The shown record is a read-only life built from the server's output summary.
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { FileFacts } from '../../core/types';
import { t } from '../../core/i18n';
import type { FileRecord } from '../file-record';
import type { InspectorPool } from '../inspector-pool';
import { ProofView, type ProofSubject, type ProofViewProps } from './ProofView';

export interface OutputProofProps {
  record: FileRecord;
  locale: string;
  proof?: Omit<ProofViewProps, 'record' | 'locale' | 'pool'>;
  pool: InspectorPool;
  translate: ProofViewProps['translate'];
  /** The production file's bytes (the transport's, with the job token). */
  load: (record: FileRecord) => Promise<Blob>;
}

export function OutputProof({ record, locale, proof, pool, translate, load }: OutputProofProps) {
  const out = record.output.value;
  const [shown, setShown] = useState<ProofSubject | null>(null);
  useEffect(() => {
    if (!out?.pageCount) return;
    let live = true;
    load(record).then(
      (blob) => {
        if (!live) return;
        const file = new File([blob], out.name, { type: 'application/pdf' });
        // plain signals: this chunk borrows the bundle's `signal` only (scripts/runtime/signals.js)
        const facts: FileFacts = {
            format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: blob.size,
            pdf: {
              version: '', pageCount: out.pageCount!, pages: out.pages ?? [], fonts: [], images: [], colorSpaces: [], spotColors: [],
              outputIntents: [], usesTransparency: false, annotations: [], formFields: 0, xfa: false, javascript: false, attachments: 0,
              layers: 0, signatures: 0, encrypted: false, permissions: null, warnings: [], reader: 'object-reader',
            },
        };
        setShown({
          id: `${record.id}-output`, name: out.name, file,
          state: signal('done' as const), facts: signal(facts), entry: signal(record.entry.peek()), findings: signal([]),
        });
      },
      () => live && proof?.state?.unavailable(record.id), // no production proof: nothing to wait for
    );
    return () => {
      live = false;
    };
  }, [out?.id]);
  if (!shown) return null;
  const state = proof?.state;
  return (
    <div class="output" part="output" data-output-id={out?.id}>
      <p class="output__note" style={{ margin: '8px 0 0', fontSize: '.9rem' }}>
        <strong>{t('ui.fix.output', {}, locale)}</strong> — {t('ui.fix.outputNote', {}, locale)}
      </p>
      <ProofView
        {...proof}
        record={shown}
        locale={locale}
        state={undefined}
        {...(state ? { approval: state.approvalFor(record.id), onRendered: (pages) => state.setPages(record.id, pages) } : {})}
        pool={pool}
        translate={translate}
      />
    </div>
  );
}
