import { Filecheck, type IntakeError, type StatusPayload } from '@filecheck/intake';

const intake = Filecheck('pk_live_…', { endpoint: 'https://files.example.com' })
  .elements.create('intake', { workflowId: 'wf_flyer_a5', gate: { buttons: '#buy', jobIdInput: 'fc_job_id' } });
intake.on('status', (s: StatusPayload) => console.log(s.status, s.canProceed, s.jobId));
intake.on('error', (e: IntakeError) => console.warn(e.code, e.message));
intake.mount('#upload');
// the customer picked A5 in the product options: files are judged again, nothing is uploaded again
intake.setContext({ artworkSize: { width_mm: 148, height_mm: 210 } });
