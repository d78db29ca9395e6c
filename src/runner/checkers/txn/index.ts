// The transactional checker's face (Elle, as Maelstrom runs it for txn-list-append and
// txn-rw-register): the checks, the result they return, the consistency-model names they take,
// and the text that explains what they found.
export { checkListAppend, checkRwRegister, checkTxnRwRegister, analyzeListAppend, analyzeRwRegister, type TxnCheckOptions, type TxnAnalysis } from './check.js';
export { defaultModels, prohibitedAnomalyTypes, reportableAnomalyTypes, type TxnResult } from './result.js';
export {
  allModels,
  canonicalModelName,
  friendlyModelName,
  friendlyBoundary,
  parseConsistencyModels,
  validateModels,
  UnknownModelError,
} from './consistency-model.js';
export { TxnHistoryError } from './transactions.js';
export { renderCycle, stepSentence, describeTxn, type CycleCase, type Step, type WorkloadKind } from './explanation.js';
export { txnReportLines, txnSummaryRows, isCycleCase } from './report-lines.js';
