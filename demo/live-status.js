// Any page script can follow the widget through DOM events; no SDK import needed.
document.addEventListener('filecheck:status', (ev) => {
  const out = document.getElementById('live-status');
  if (out) out.textContent = `${ev.detail.status}${ev.detail.canProceed ? ' — you can add to cart' : ''}`;
});
