// Each key's log as the history reveals it (Jepsen's kafka.clj, version-orders): offsets to the
// values sends and polls saw there, and from it the dense order the other checks index into.
// Offsets may be sparse; an index is a position among the occupied offsets. Two values at one
// offset are an inconsistent offset, one value at two offsets a duplicate.
import { compareValues, type ValueKey } from '../value-key.js';
import type { DuplicateCase, InconsistentOffsetCase } from './cases.js';
import type { KafkaKey } from './micro-ops.js';

/** Offset → the values seen there, in the order they were first seen. */
export type KeyLog = Map<number, ValueKey[]>;

export function addToLog(log: KeyLog, offset: number, value: ValueKey): void {
  const values = log.get(offset);
  if (values === undefined) log.set(offset, [value]);
  else if (!values.includes(value)) values.push(value);
}

export interface VersionOrder {
  /** Occupied offsets, ascending. Jepsen builds its log as a vector from offset 0, so negative offsets drop out. */
  offsets: number[];
  /** The values at each of those offsets. */
  valuesAt: ValueKey[][];
  /**
   * One value per index (Jepsen takes `first` of the set, in hash order; we take the value seen
   * there first): the order skips and nonmonotonic checks compare against.
   */
  byIndex: ValueKey[];
  /** A value's index in byIndex (its last, if it is there twice). */
  byValue: Map<ValueKey, number>;
}

export function versionOrder(log: KeyLog): VersionOrder {
  const offsets = [...log.keys()].filter((o) => o >= 0).sort((a, b) => a - b);
  const valuesAt = offsets.map((o) => log.get(o)!);
  const byIndex = valuesAt.map((vs) => vs[0]);
  const byValue = new Map<ValueKey, number>();
  byIndex.forEach((v, i) => byValue.set(v, i));
  return { offsets, valuesAt, byIndex, byValue };
}

/** The index difference from v1 to v2; 1 (no error) when either is not in the order. */
export function indexDelta(
  order: VersionOrder | undefined,
  v1: ValueKey | undefined,
  v2: ValueKey | undefined,
): { delta: number; from: number; to: number } | undefined {
  if (order === undefined || v1 === undefined || v2 === undefined) return undefined;
  const from = order.byValue.get(v1);
  const to = order.byValue.get(v2);
  return from === undefined || to === undefined ? undefined : { delta: to - from, from, to };
}

export function inconsistentOffsets(key: KafkaKey, order: VersionOrder, raw: (v: ValueKey) => unknown): InconsistentOffsetCase[] {
  const cases: InconsistentOffsetCase[] = [];
  order.valuesAt.forEach((vs, index) => {
    if (vs.length < 2) return;
    cases.push({ key, offset: order.offsets[index], index, values: vs.map(raw).sort(compareValues) });
  });
  return cases;
}

export function duplicates(key: KafkaKey, order: VersionOrder, raw: (v: ValueKey) => unknown): DuplicateCase[] {
  const at = new Map<ValueKey, number[]>();
  order.valuesAt.forEach((vs, index) => {
    for (const v of vs) {
      const offsets = at.get(v);
      if (offsets === undefined) at.set(v, [order.offsets[index]]);
      else offsets.push(order.offsets[index]);
    }
  });
  const cases: DuplicateCase[] = [];
  for (const [v, offsets] of at) if (offsets.length > 1) cases.push({ key, value: raw(v), count: offsets.length, offsets });
  return cases;
}
