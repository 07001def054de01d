// Mounts an intake bound to the e2e reference server; the workflow id comes from ?wf=, the
// product options (context, JSON) from ?context=.
const params = new URLSearchParams(location.search);
const context = params.get('context');
window.intake = window.Filecheck('pk_test_demo', { endpoint: `http://127.0.0.1:${Number(location.port) + 615}` })
  .elements.create('intake', { workflowId: params.get('wf') || 'wf_e2e_any', ...(context ? { context: JSON.parse(context) } : {}) })
  .mount('#fc-inline');
