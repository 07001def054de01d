// Shows what the product form posted (a store would verify the job id on its server here).
const params = new URLSearchParams(location.search);
document.getElementById('job').textContent = params.get('fc_job_id') || '(no job: preview mode)';
