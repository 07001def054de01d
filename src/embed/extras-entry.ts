// Optional features as one lazily loaded unit: loaded only when a store configures them.
export { createConnector } from './connector';
export { createFormField } from './form-field';
