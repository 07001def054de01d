// Registers the English messages of judging (acceptance and evaluation) with the catalogue
// copy of whoever imports the judging code: the evaluator chunk in the browser, the server and
// the CLI in Node. The script-tag bundle never imports it (it does not judge content itself).
import { registerCatalogue } from './i18n';
import { judging } from './messages/en/judging';

registerCatalogue('en', judging);
