// The linearizability checker's face: check a recorded history key by key against a model
// (Knossos's cas-register for lin-kv), and render a failure as text or as timeline data.
export {
  checkKey,
  checkLinearizability,
  defaultBudget,
  type IndependentResult,
  type KeyResult,
  type LinearizabilityOptions,
  type LinearizableResult,
} from './checker.js';
export {
  counterexampleLines,
  counterexampleTimeline,
  keyText,
  type Counterexample,
  type CounterexampleOp,
  type FinalPath,
  type PathStep,
  type RenderedOp,
  type TimelineBar,
  type TimelineData,
} from './counterexample.js';
export { casRegister, formatValue, Refusal, register, type Model, type ModelOp, type Outcome } from './model.js';
export { splitHistory, type KeyHistory, type Operation } from './operations.js';
export { resultLines, resultSummary } from './result-text.js';
export type { Budget } from './search.js';
