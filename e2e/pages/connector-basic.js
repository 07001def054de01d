// Records the events the connector fires on the host's controls, as a host framework would see
// them (delegated listeners on the document: the events must bubble).
window.__controlEvents = [];
for (const type of ['input', 'change']) {
  document.addEventListener(type, (ev) => {
    const t = ev.target;
    if (!(t instanceof HTMLElement) || t.closest('.filecheck-intake')) return;
    window.__controlEvents.push({ type, name: t.getAttribute('name') || t.id, value: t.value, trusted: ev.isTrusted });
  });
}
