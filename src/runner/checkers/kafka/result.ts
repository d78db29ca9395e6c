// The kafka checker's result as Maelstrom prints it (Jepsen's kafka.clj, checker and
// condense-error): one entry per error type found, `{count, errs}` with only the most telling
// cases, the sorted error types, the ones that fail the run, the causes of indeterminate sends
// and polls, and the worst realtime lag. G0-like cycles and int-send-skip are allowed: Kafka
// isolates no writes and producers interleave; everything else fails the run.
import type {
  CaseGroup,
  CaseList,
  CycleCase,
  DuplicateCase,
  ExternalNonmonotonicCase,
  ExternalSkipCase,
  G1aCase,
  InconsistentOffsetCase,
  InternalNonmonotonicCase,
  InternalSkipCase,
  LostWriteCase,
  PrecommittedReadCase,
  UnseenCase,
} from './cases.js';
import type { WorstLag } from './realtime-lag.js';

export interface KafkaErrors {
  duplicate?: CaseGroup<DuplicateCase>;
  'inconsistent-offsets'?: CaseGroup<InconsistentOffsetCase>;
  'lost-write'?: CaseGroup<LostWriteCase>;
  unseen?: UnseenCase;
  'poll-skip'?: CaseGroup<ExternalSkipCase>;
  'nonmonotonic-poll'?: CaseGroup<ExternalNonmonotonicCase>;
  'int-poll-skip'?: CaseGroup<InternalSkipCase>;
  'int-nonmonotonic-poll'?: CaseGroup<InternalNonmonotonicCase>;
  'nonmonotonic-send'?: CaseGroup<ExternalNonmonotonicCase>;
  'int-send-skip'?: CaseGroup<InternalSkipCase>;
  'int-nonmonotonic-send'?: CaseGroup<InternalNonmonotonicCase>;
  G1a?: CaseGroup<G1aCase>;
  'precommitted-read'?: CaseGroup<PrecommittedReadCase>;
  G1c?: CaseGroup<CycleCase>;
  'G1c-realtime'?: CaseGroup<CycleCase>;
  /** Elle's: no send or poll related to any other (e.g. every op failed). */
  'empty-transaction-graph'?: { count: 1; errs: true };
}

export type KafkaErrorType = keyof KafkaErrors;

export interface KafkaResult extends KafkaErrors {
  'valid?': boolean;
  /** Sorted; the run is valid iff this is empty. */
  'bad-error-types': KafkaErrorType[];
  'error-types': KafkaErrorType[];
  /** Distinct `error`s of indeterminate sends and polls, in history order (null when absent). */
  'info-txn-causes': unknown[];
  'worst-realtime-lag': WorstLag;
}

/** A history the checker cannot judge (a polled message nobody sent, a malformed value). */
export interface KafkaUnknown {
  'valid?': 'unknown';
  error: string;
}

/** Jepsen's allowed-error-types for assign-based consumers without ww inference. The cycle
 *  types here cannot arise without ww edges; they are listed as Jepsen lists them. */
export const allowedErrorTypes: ReadonlySet<string> = new Set('int-send-skip G0 G0-process G0-realtime PL-1-cycle-exists strong-PL-1-cycle-exists'.split(' '));

export const group = <T>(list: CaseList<T>): CaseGroup<T> => ({ count: list.count, errs: list.kept });

/** Drops the types with no case, then adds Maelstrom's summary fields. */
export function kafkaResult(found: KafkaErrors, infoCauses: unknown[], worstLag: WorstLag): KafkaResult {
  const errors: KafkaErrors = {};
  for (const [type, entry] of Object.entries(found) as [KafkaErrorType, { count?: number } | undefined][]) {
    if (entry === undefined || entry.count === 0) continue;
    (errors as Record<string, unknown>)[type] = entry;
  }
  const types = (Object.keys(errors) as KafkaErrorType[]).sort();
  const bad = types.filter((t) => !allowedErrorTypes.has(t));
  return {
    'valid?': bad.length === 0,
    'bad-error-types': bad,
    'error-types': types,
    'info-txn-causes': infoCauses,
    'worst-realtime-lag': worstLag,
    ...errors,
  };
}
