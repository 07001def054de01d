// Public entry of the pure core (`@filecheck/intake/core`): usable in browser, worker and Node.
export type * from './types';
export type { CheckDef, CheckResult } from './checks/types';

export { parseWorkflow, kindsAccepted, acceptAttribute } from './workflow';
export type { ParseWorkflowResult, WorkflowError } from './workflow';

export { validateContext, effectiveCardinality } from './context';
export type { ValidateContextResult, ContextError } from './context';

export { acceptContent, entryAccepts, acceptedFormats, describeAccepted } from './acceptance';
export { roomFor, tooManyFilesFinding } from './room';
export { formatBytes } from './bytes';
export type { AcceptFileInput, AcceptContentResult } from './acceptance';

export { evaluateFile, outcomeFor } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { fileOutcome, reportedOutcome } from './outcome';
export { judgeFile, inspectionErrorFinding } from './judge';
export type { Inspection, FileJudgement, JudgeInput } from './judge';

export { deriveJob, canProceedFor, isTerminal, TRANSPORT_ERROR_CODES } from './derive';
export type { JobHold, ProofApproval } from './derive';
export { newFileLife, reduceFile, restoredLife, fileStateOf, isJudged } from './file-life';
export type { FileLife, FileAction, ServerFileReport } from './file-life';
export type { UploadProgress, UploadTotals } from './progress';

export { buildJobPayload, buildStatusPayload, buildIntakeFacts, jobFacts } from './payload';
export type { JobFileInput, JobPayloadInput, StatusPayloadInput, StatusFileInput } from './payload';

export { t, formatTemplate, registerCatalogue, resolveLocale, availableLocales } from './i18n';
export type { Catalogue } from './i18n';

export { checks, indexChecks } from './checks/registry';
