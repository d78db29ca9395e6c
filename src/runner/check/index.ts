// `ygossip check`: checkers over histories from files, without running anything.
export { checkCommand, checkHistory, type CheckedHistory } from './check-command.js';
export { readHistoryFile, type HistoryFile } from './history-file.js';
export { parseEdnForms } from './edn-history.js';
