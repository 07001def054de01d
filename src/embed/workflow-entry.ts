// Workflow validation as a lazily loaded unit: it loads while the workflow itself is fetched,
// so the script-tag bundle does not carry the validator.
export { parseWorkflow } from '../core/workflow';
