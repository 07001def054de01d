// Mounts an intake bound to the server given by ?endpoint= (default: the e2e reference server),
// so upload tests can put their own server process, or a proxy in front of it, behind the page.
const params = new URLSearchParams(location.search);
window.intake = window.Filecheck('pk_test_demo', { endpoint: params.get('endpoint') || `http://127.0.0.1:${Number(location.port) + 615}` })
  .elements.create('intake', { workflowId: params.get('wf') || 'wf_e2e_any' })
  .mount('#fc-inline');
