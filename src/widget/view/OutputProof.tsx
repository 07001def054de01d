// The proof of the production file (issue 14): once the server has fixed a PDF (or made one from
// an image), its bytes are fetched with the job token and shown with the same soft-proof view as
// an upload, with the production file's own trim and bleed boxes. With proof.approvalRequired the
// customer's answer here is the answer for the file: they approve the fixed version.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../core/i18n';
import { createFileRecord, type FileRecord } from '../file-record';
import type { WidgetServices } from '../services';
import { LazyProofView } from './LazyProofView';
import type { ProofViewProps } from './ProofView';

export interface OutputProofProps {
  record: FileRecord;
  locale: string;
  proof?: Omit<ProofViewProps, 'record' | 'locale'>;
  services: WidgetServices;
  translate: ProofViewProps['translate'];
}

/** Does the row show the production file's proof instead of the upload's? */
export function hasOutputProof(record: FileRecord): boolean {
  const out = record.output.value;
  return !!out && out.format === 'pdf' && !!out.pageCount && !!out.load && record.state.value === 'done';
}

export function OutputProof({ record, locale, proof, services, translate }: OutputProofProps) {
  const out = record.output.value;
  const [shown, setShown] = useState<FileRecord | null>(null);
  useEffect(() => {
    if (!out?.load || !out.pageCount) return;
    let live = true;
    out.load().then(
      (blob) => {
        if (!live) return;
        const r = createFileRecord({ file: new File([blob], out.name, { type: 'application/pdf' }), name: out.name, size: blob.size, slot: null, id: `${record.id}-output` });
        r.entry.value = record.entry.peek();
        r.facts.value = {
          format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: blob.size,
          pdf: {
            version: '', pageCount: out.pageCount!, pages: out.pages ?? [], fonts: [], images: [], colorSpaces: [], spotColors: [],
            outputIntents: [], usesTransparency: false, annotations: [], formFields: 0, xfa: false, javascript: false, attachments: 0,
            layers: 0, signatures: 0, encrypted: false, permissions: null, warnings: [], reader: 'object-reader',
          },
        };
        r.inspect.value = 'done';
        setShown(r);
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
      <LazyProofView
        {...proof}
        record={shown}
        locale={locale}
        state={undefined}
        {...(state ? { approval: state.approvalFor(record.id), onRendered: (pages) => state.setPages(record.id, pages) } : {})}
        services={services}
        translate={translate}
      />
    </div>
  );
}
