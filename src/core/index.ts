// Public entry of the pure core (`@filecheck/intake/core`): usable in browser, worker and Node.
export type * from './types';
export type { CheckDef, CheckResult } from './checks/types';

export { parseWorkflow, kindsAccepted, acceptAttribute } from './workflow';
export type { ParseWorkflowResult, WorkflowError } from './workflow';

export { validateContext, effectiveCardinality } from './context';
export type { ValidateContextResult, ContextError } from './context';

export { acceptFile, entryAccepts, acceptedFormats, describeAccepted, formatBytes, tooManyFilesFinding } from './acceptance';
export type { AcceptFileInput, AcceptFileOptions, AcceptFileResult } from './acceptance';

export { evaluateFile, fileOutcome, outcomeFor } from './evaluate';
export type { EvaluateOptions } from './evaluate';

export { deriveJob, canProceedFor, isTerminal, TRANSPORT_ERROR_CODES } from './derive';

export { buildStatusPayload, buildIntakeFacts } from './payload';
export type { StatusPayloadInput, StatusFileInput } from './payload';

export { t, formatTemplate, registerCatalogue, resolveLocale, availableLocales } from './i18n';
export type { Catalogue } from './i18n';

export { checks, indexChecks } from './checks/registry';
