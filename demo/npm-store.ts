// A custom storefront that installs the SDK from npm and drives it from its own code.
import { Filecheck } from '@filecheck/intake';

const filecheck = Filecheck('pk_test_demo');
const intake = filecheck.elements.create('intake', {
  workflow: {
    id: 'wf_demo_flyer_a5',
    schemaVersion: 1,
    title: 'A5 flyer',
    rule: {
      cardinality: { min: 1, max: 1 },
      accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], maxSize: 100 * 1024 * 1024, onFail: 'reject' }],
      rejectUnknownTypes: true,
    },
  },
  ui: { title: 'Your flyer artwork (PDF)' },
  gate: { buttons: '#buy' },
});

const log = document.getElementById('status-log')!;
intake.on('status', (s) => {
  log.textContent += `${s.status}${s.canProceed ? ' (can proceed)' : ''}\n`;
});
intake.mount('#upload');
(window as unknown as { demoIntake: typeof intake }).demoIntake = intake;
