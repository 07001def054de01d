// Zero-JS style: one call, no mount element on the page; the widget goes before the cart button.
window.Filecheck.mount({
  publishableKey: 'pk_test_demo',
  cartButtonSelector: '.buy',
  workflow: { schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'] }] } },
});
