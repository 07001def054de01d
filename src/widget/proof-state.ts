// Soft-proof state of one intake: the page images each file's ProofView rendered, and the
// customer's answer per file when the workflow asks for approval. Pure signals, no DOM: the
// intake emits the `proof` event from `pages`, `respondToProof(approved)` calls `respond`, and
// the gate asks `gate()` before it lets the customer proceed.
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';

/** One rendered page, as the `proof` event carries it (url: an object URL, valid in this page). */
export interface ProofPage {
  url: string;
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
}

/** null: not answered yet; true: approved; false: rejected. */
export type Approval = boolean | null;

export interface ProofConfig {
  approvalRequired?: boolean;
  message?: string;
  affirmButtonText?: string;
}

/** The `proof` event payload of the reference: `{ pages, approvalRequired?, message?, affirmButtonText? }`. */
export interface ProofEventDetail extends ProofConfig {
  pages: ProofPage[];
}

/** 'open': nothing to wait for; 'pending': a proof awaits an answer; 'rejected': the customer said no. */
export type ProofGate = 'open' | 'pending' | 'rejected';

export interface ProofState {
  /** Rendered pages per file id (only files that have a proof). */
  readonly pages: ReadonlySignal<Readonly<Record<string, ProofPage[]>>>;
  /** The approval signal of one file (created on first use); ProofView reads and writes it. */
  approvalFor(fileId: string): Signal<Approval>;
  /** A proof for this file is on its way (ProofView calls it): the gate waits for it when approval is required. */
  expect(fileId: string): void;
  /**
   * A file's first pages are rendered (ProofView calls it). The state owns their object URLs from
   * now on: they stay valid while the row is hidden (dialog closed) and are revoked by `forget`.
   */
  setPages(fileId: string, pages: ProofPage[]): void;
  /** No proof can be made for this file (render failed): nothing to wait for. */
  unavailable(fileId: string): void;
  /** `respondToProof(approved)`: answers every proof still open (or one file's, when given). */
  respond(approved: boolean, fileId?: string): void;
  /** A file went away (removed, replaced) or the intake is destroyed: forget its pages (revoking their URLs) and answer. */
  forget(fileId: string): void;
  /** Whether the gate may open, for the files now in the intake (their ids, in order). */
  gate(approvalRequired: boolean, fileIds: readonly string[]): ProofGate;
  /** The `proof` event payload for the files now in the intake, pages in file order. */
  eventDetail(config: ProofConfig | undefined, fileIds: readonly string[]): ProofEventDetail;
}

function revoke(url: string): void {
  if (url.startsWith('blob:')) URL.revokeObjectURL(url);
}

export function createProofState(): ProofState {
  const pages = signal<Record<string, ProofPage[]>>({});
  const approvals = new Map<string, Signal<Approval>>();
  const approvalFor = (id: string): Signal<Approval> => {
    let s = approvals.get(id);
    if (!s) approvals.set(id, (s = signal<Approval>(null)));
    return s;
  };
  const unavailable = (id: string): void => {
    if (!(id in pages.value)) return;
    for (const old of pages.value[id]!) revoke(old.url);
    const next = { ...pages.value };
    delete next[id];
    pages.value = next;
  };
  return {
    pages,
    approvalFor,
    expect(id) {
      if (!(id in pages.value)) pages.value = { ...pages.value, [id]: [] };
    },
    setPages(id, list) {
      const keep = new Set(list.map((p) => p.url));
      for (const old of pages.value[id] ?? []) if (!keep.has(old.url)) revoke(old.url);
      pages.value = { ...pages.value, [id]: list.map((p) => ({ ...p })) };
    },
    unavailable,
    respond(approved, fileId) {
      // only files whose proof is shown: answering before the image is there would approve unseen artwork
      const ids = fileId !== undefined ? [fileId] : Object.keys(pages.value).filter((id) => pages.value[id]!.length > 0);
      for (const id of ids) {
        const s = approvalFor(id);
        // a blanket answer never overrides one the customer gave in the row
        if (fileId !== undefined || s.value === null) s.value = approved;
      }
    },
    forget(id) {
      unavailable(id);
      approvals.delete(id);
    },
    gate(required, ids) {
      if (!required) return 'open';
      let pending = false;
      for (const id of ids) {
        if (!(id in pages.value)) continue; // no proof (not a PDF, or it could not be rendered): nothing to approve
        const a = approvalFor(id).value;
        if (a === false) return 'rejected';
        if (a === null) pending = true;
      }
      return pending ? 'pending' : 'open';
    },
    eventDetail(config, ids) {
      const detail: ProofEventDetail = { pages: ids.flatMap((id) => pages.value[id] ?? []) };
      if (config?.approvalRequired !== undefined) detail.approvalRequired = config.approvalRequired;
      if (config?.message !== undefined) detail.message = config.message;
      if (config?.affirmButtonText !== undefined) detail.affirmButtonText = config.affirmButtonText;
      return detail;
    },
  };
}

/** A computed gate for `approvalRequired` over a changing list of file ids (for the intake's effect). */
export function proofGateSignal(state: ProofState, approvalRequired: () => boolean, fileIds: () => readonly string[]): ReadonlySignal<ProofGate> {
  return computed(() => state.gate(approvalRequired(), fileIds()));
}
