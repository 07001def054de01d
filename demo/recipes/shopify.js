// Filecheck on a Shopify product page (theme app embed / snippet). Settings come from this
// script tag's data attributes:
//   data-publishable-key  your pk_… key
//   data-workflow-id      the product's workflow (with data-endpoint: files go to your server)
//   data-workflow         or an inline workflow: '#id' of a <script type="application/json">
//   data-endpoint         your Filecheck server (omit for preview: checks only, no upload)
// The jobId travels as the line item property "Filecheck Job" (properties[Filecheck Job]), so it
// shows on the cart line and the order; the orders/create webhook reads it and verifies the job.
(function () {
  var d = document.currentScript.dataset;
  var filecheck = window.Filecheck(d.publishableKey || 'pk_test_demo', d.endpoint ? { endpoint: d.endpoint } : {});
  window.filecheckIntake = filecheck.elements
    .create('intake', {
      workflowId: d.workflowId,
      workflow: d.workflowId ? undefined : d.workflow,
      gate: {
        // Dawn and most Online Store 2.0 themes: the buy button of the product form.
        buttons: 'product-form [name="add"], form[action$="/cart/add"] [type="submit"], .shopify-payment-button__button',
        jobIdInput: 'properties[Filecheck Job]',
      },
    })
    .mount('#fc-inline');
})();
