// Registers the English remediation messages (src/core/messages/en/remediation.ts) for t().
// Imported by what shows plans (the widget's "will be fixed" line, the server, the CLI), so the
// script-tag bundle does not carry them before a plan is shown.
import { registerCatalogue } from './i18n';
import { remediation } from './messages/en/remediation';

registerCatalogue('en', remediation);
