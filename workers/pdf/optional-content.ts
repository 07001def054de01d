// Optional content (layers): which content a printer leaves out because its layer is off in the
// document's default configuration (/OCProperties /D). Content tied to such a layer — marked
// content `/OC /name BDC … EMC`, an XObject's or an annotation's /OC entry — does not print, so the
// content walk does not count its fonts, images or colours.
import type { PdfDocument } from './document';
import { PdfDict, PdfRef, type PdfValue, dictOf, nameOf } from './objects';

const MAX_GROUPS = 10_000;

export class OptionalContent {
  private constructor(
    private readonly doc: PdfDocument,
    /** Object numbers of the groups that are off by default. */
    private readonly off: Set<number>,
  ) {}

  static none(doc: PdfDocument): OptionalContent {
    return new OptionalContent(doc, new Set());
  }

  static async read(doc: PdfDocument, catalog: PdfDict): Promise<OptionalContent> {
    const props = dictOf(await doc.resolve(catalog.get('OCProperties')));
    const d = dictOf(await doc.resolve(props?.get('D')));
    const off = new Set<number>();
    if (!props || !d) return new OptionalContent(doc, off);
    const refs = async (v: PdfValue | undefined): Promise<number[]> => {
      const arr = await doc.resolve(v);
      return Array.isArray(arr) ? arr.slice(0, MAX_GROUPS).filter((x): x is PdfRef => x instanceof PdfRef).map((r) => r.num) : [];
    };
    if (nameOf(await doc.resolve(d.get('BaseState'))) === 'OFF') {
      const on = new Set(await refs(d.get('ON')));
      for (const n of await refs(props.get('OCGs'))) if (!on.has(n)) off.add(n);
    } else {
      for (const n of await refs(d.get('OFF'))) off.add(n);
    }
    return new OptionalContent(doc, off);
  }

  get anyHidden(): boolean {
    return this.off.size > 0;
  }

  /**
   * Whether an /OC value (a group, or a membership dictionary /OCMD) hides what it is attached to.
   * Visibility expressions (/VE) are not evaluated: such content counts (it may print).
   */
  async hides(v: PdfValue | undefined): Promise<boolean> {
    if (this.off.size === 0 || !(v instanceof PdfRef)) return false;
    if (this.off.has(v.num)) return true;
    const d = dictOf(await this.doc.resolve(v));
    if (!d || nameOf(d.get('Type')) !== 'OCMD' || d.has('VE')) return false;
    const groups = await this.doc.resolve(d.get('OCGs'));
    const list = (Array.isArray(groups) ? groups : [d.get('OCGs')]).filter((x): x is PdfRef => x instanceof PdfRef);
    if (list.length === 0) return false;
    const hidden = list.map((r) => this.off.has(r.num));
    switch (nameOf(await this.doc.resolve(d.get('P'))) ?? 'AnyOn') {
      case 'AllOn':
        return hidden.some((h) => h);
      case 'AnyOff':
        return !hidden.some((h) => h);
      case 'AllOff':
        return !hidden.every((h) => h);
      default: // AnyOn
        return hidden.every((h) => h);
    }
  }
}
