// Puts the widget's styles into its shadow root in a way a strict Content-Security-Policy allows.
// A constructed stylesheet (adoptedStyleSheets) is CSSOM, which `style-src` does not govern, so
// the page needs no 'unsafe-inline'; one sheet is parsed once and shared by every intake on the
// page. Browsers without constructable stylesheets (Safari before 16.4) get a <style> element,
// which a strict policy only runs with the page's nonce: the `nonce` option, else the nonce of
// <meta property="csp-nonce" nonce="…"> (Vite's convention), else that of a nonced <script>.
const sheets = new WeakMap<Document, CSSStyleSheet>();

export function adoptStyles(shadow: ShadowRoot, css: string, nonce?: string): void {
  const doc = shadow.ownerDocument;
  const win = doc.defaultView;
  if (win && 'adoptedStyleSheets' in win.ShadowRoot.prototype && 'replaceSync' in win.CSSStyleSheet.prototype) {
    let sheet = sheets.get(doc);
    if (!sheet) {
      sheet = new win.CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(doc, sheet);
    }
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    return;
  }
  const style = doc.createElement('style');
  const value = nonce || pageNonce(doc);
  if (value) style.setAttribute('nonce', value);
  style.textContent = css;
  shadow.appendChild(style);
}

/** The page's CSP nonce, read through the `nonce` property (browsers hide the attribute). */
function pageNonce(doc: Document): string {
  const meta = doc.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const script = doc.querySelector<HTMLScriptElement>('script[nonce]');
  return meta?.nonce || meta?.getAttribute('nonce') || script?.nonce || '';
}
