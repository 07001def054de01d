// The evaluator as a lazily loaded unit: every check, its English messages, and a way to add
// other locales' messages to the copy of the catalogue it renders findings with.
export { evaluateFile, fileOutcome } from './evaluate';
export { registerCatalogue } from './i18n';
