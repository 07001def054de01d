// Widget styles, scoped by the Shadow DOM. Custom properties (--fc-*) are the styling API: they
// inherit through the shadow boundary, so a store sets them on the mount element or any ancestor.
export const styles = `
:host { display: block; contain: content;
  --_accent: var(--fc-accent, #2456d6); --_bg: var(--fc-bg, #ffffff); --_fg: var(--fc-fg, #1b1d21);
  --_muted: var(--fc-muted, #5b6270); --_border: var(--fc-border, #c9ced8); --_radius: var(--fc-radius, 8px);
  --_ok: var(--fc-ok, #1d7a3a); --_warn: var(--fc-warn, #8a5a00); --_fail: var(--fc-fail, #b3261e);
  --_font: var(--fc-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-family: var(--_font); color: var(--_fg); }
:host([data-theme="dark"]) { --_bg: var(--fc-bg, #17191d); --_fg: var(--fc-fg, #eceef2); --_muted: var(--fc-muted, #a9b0bd);
  --_border: var(--fc-border, #3a3f48); --_ok: var(--fc-ok, #5fd08a); --_warn: var(--fc-warn, #f0b84a); --_fail: var(--fc-fail, #ff8a80);
  --_accent: var(--fc-accent, #8fb0ff); color-scheme: dark; }
@media (prefers-color-scheme: dark) { :host([data-theme="system"]) { --_bg: var(--fc-bg, #17191d); --_fg: var(--fc-fg, #eceef2); --_muted: var(--fc-muted, #a9b0bd);
  --_border: var(--fc-border, #3a3f48); --_ok: var(--fc-ok, #5fd08a); --_warn: var(--fc-warn, #f0b84a); --_fail: var(--fc-fail, #ff8a80);
  --_accent: var(--fc-accent, #8fb0ff); color-scheme: dark; } }
* { box-sizing: border-box; }
.fc { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 16px; min-width: 0; }
.fc__title { font-size: 1.1rem; margin: 0 0 4px; }
.fc__subtitle, .fc__help { margin: 0 0 8px; color: var(--_muted); font-size: .9rem; }
.fc__error { border: 1px solid var(--_fail); color: var(--_fail); border-radius: var(--_radius); padding: 8px 12px; margin: 8px 0; }
.status { display: flex; align-items: center; gap: 8px; font-weight: 600; margin: 8px 0; }
.status__icon { display: inline-grid; place-items: center; width: 1.5em; height: 1.5em; border-radius: 50%; border: 2px solid currentColor; font-size: .85em; }
.status--ready .status__icon { color: var(--_ok); } .status--partial .status__icon { color: var(--_warn); }
.status--rejected .status__icon { color: var(--_fail); }
.dropzone { display: flex; flex-wrap: wrap; align-items: center; justify-content: center; gap: 6px; text-align: center;
  border: 2px dashed var(--_border); border-radius: var(--_radius); padding: 20px 12px; cursor: pointer; color: var(--_fg); }
.dropzone:hover, .dropzone--over { border-color: var(--_accent); }
.dropzone:focus-visible, .btn:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
.dropzone__hint { flex-basis: 100%; color: var(--_muted); font-size: .85rem; }
.dropzone__icon { font-size: 1.2em; }
.slot { margin: 12px 0; } .slot__label { font-size: .95rem; margin: 0 0 6px; }
.files { list-style: none; margin: 12px 0 0; padding: 0; display: grid; gap: 8px; }
.file { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 8px 10px; min-width: 0; }
.file__head { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
.file__name { font-weight: 600; overflow-wrap: anywhere; min-width: 0; flex: 1 1 10em; }
.file__meta, .file__state { color: var(--_muted); font-size: .85rem; }
.file__badge { display: inline-grid; place-items: center; width: 1.4em; height: 1.4em; border-radius: 50%; border: 2px solid currentColor; font-size: .8em; }
.file--pass .file__badge, .file--fixed .file__badge { color: var(--_ok); } .file--warn .file__badge { color: var(--_warn); } .file--fail .file__badge { color: var(--_fail); } .file--neutral .file__badge { color: var(--_muted); }
.file__actions { display: flex; gap: 6px; margin-inline-start: auto; }
.btn { font: inherit; font-size: .85rem; padding: 4px 10px; border-radius: calc(var(--_radius) - 2px); border: 1px solid var(--_border);
  background: transparent; color: var(--_fg); cursor: pointer; }
.btn:hover { border-color: var(--_accent); }
.file__progress { width: 100%; margin-top: 6px; accent-color: var(--_accent); }
.findings { list-style: none; margin: 6px 0 0; padding: 0; display: grid; gap: 4px; font-size: .9rem; }
.finding { display: flex; gap: 6px; align-items: baseline; overflow-wrap: anywhere; }
.finding__icon { font-weight: 700; } .finding--fail .finding__icon { color: var(--_fail); } .finding--warn .finding__icon { color: var(--_warn); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.btn--trigger { font-size: 1rem; padding: 10px 16px; border-color: var(--_accent); color: var(--_fg); background: var(--_bg); }
.btn--primary { background: var(--_accent); color: var(--fc-accent-fg, #fff); border-color: var(--_accent); }
.fc-dialog { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 16px; width: min(640px, 100vw - 16px); max-height: calc(100vh - 32px);
  background: var(--_bg); color: var(--_fg); }
.fc-dialog[open] { display: flex; flex-direction: column; overflow: hidden; }
.fc-dialog__body { flex: 1 1 auto; min-height: 0; overflow: auto; }
.fc-dialog--drawer { margin-inline-end: 0; height: 100vh; max-height: 100vh; border-radius: 0; }
.fc-dialog::backdrop { background: rgb(0 0 0 / .45); }
.fc-dialog .fc { border: 0; padding: 0; }
.fc-dialog__head, .fc-dialog__foot { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.fc-dialog__foot { justify-content: flex-end; margin-top: 12px; }
.fc--compact { padding: 10px; } .fc--compact .dropzone { padding: 10px; } .fc--compact .fc__title { font-size: 1rem; }
@media (max-width: 360px) { .fc { padding: 10px; } .file__actions { margin-inline-start: 0; } }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;
