// The evaluator as a lazily loaded unit: content acceptance, every check, their English
// messages, and a way to add other locales' messages to the copy of the catalogue it renders
// findings with.
export { evaluateFile, fileOutcome } from './evaluate';
export { acceptContent } from './acceptance';
export { registerCatalogue } from './i18n';
