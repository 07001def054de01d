// Form-field mode: no endpoint (nothing is uploaded by the widget); the checked file goes into
// the store's own multipart post as the field "artwork".
window.filecheckIntake = window.Filecheck('pk_test_demo')
  .elements.create('intake', {
    workflow: '#fc-workflow',
    formField: { name: 'artwork' },
    gate: { buttons: '#order-button' },
  })
  .mount('#fc-inline');
