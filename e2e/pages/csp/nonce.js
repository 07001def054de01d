// Mounts an intake with the `nonce` option taken from ?nonce= (a store's server would write the
// per-response nonce into its own page code); without ?nonce= the option is left out.
const nonce = new URLSearchParams(location.search).get('nonce') ?? undefined;
window.intake = window.Filecheck('pk_test_demo')
  .elements.create('intake', {
    nonce,
    workflow: { id: 'wf_nonce', schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'] }] } },
    gate: { buttons: '#cart' },
  })
  .mount('#one');
