// Each element's fate and stable latency, computed one history op at a time as the set-full
// checker defines them (Jepsen's checker.clj, set-full): the checker keeps only aggregates, the report plots
// every element. Test: the report's figures must equal checkSetFull's on the same history.
import type { SetOps } from '../checkers/set-full.js';
import { valueKey, type ValueKey } from '../checkers/value-key.js';
import type { Op } from '../records/history.js';

export type ElementOutcome = 'stable' | 'lost' | 'never-read';

export interface ElementFate {
  element: unknown;
  outcome: ElementOutcome;
  /** ns since the origin at which the element was known to exist; undefined if never. */
  knownTime: number | undefined;
  /** Whole ms, as the checker floors them: stable latency, or lost latency for lost ones. */
  latencyMs: number;
}

interface Seen {
  index: number;
  time: number;
}

interface ElementState {
  element: unknown;
  key: ValueKey;
  known: Seen | undefined;
  present: Seen | undefined;
  absent: Seen | undefined;
}

export interface SetTracker {
  /** Ops in history order; nemesis ops are ignored. */
  add(op: Op): void;
  finish(): ElementFate[];
}

/** `ops`: the workload's names for its adds and reads. */
export function createSetTracker(ops: SetOps): SetTracker {
  const states = new Map<ValueKey, ElementState>();
  let order: ElementState[] = [];
  const pending = new Map<number | string, Op>();

  return {
    add(op) {
      if (op.process === 'nemesis') return;
      if (op.type === 'invoke') {
        pending.set(op.process, op);
        if (op.f === ops.add) {
          // A repeated add resets the element, as Jepsen replaces its state.
          const key = valueKey(op.value);
          const fresh: ElementState = { element: op.value, key, known: undefined, present: undefined, absent: undefined };
          const old = states.get(key);
          if (old) order = order.filter((s) => s !== old);
          states.set(key, fresh);
          order.push(fresh);
        }
        return;
      }
      const inv = pending.get(op.process);
      pending.delete(op.process);
      if (op.f === ops.add && op.type === 'ok') {
        const state = states.get(valueKey(inv !== undefined ? inv.value : op.value));
        if (state && state.known === undefined) state.known = { index: op.index, time: op.time };
      } else if (op.f === ops.read && op.type === 'ok' && inv !== undefined) {
        observeRead(order, inv, op);
      }
    },
    finish() {
      return order.map(fateOf);
    },
  };
}

function observeRead(order: readonly ElementState[], inv: Op, op: Op): void {
  const seen = new Set<ValueKey>(Array.isArray(op.value) ? op.value.map(valueKey) : []);
  const at = { index: inv.index, time: inv.time };
  for (const s of order) {
    if (seen.has(s.key)) {
      s.known ??= { index: op.index, time: op.time };
      if ((s.present?.index ?? -1) < inv.index) s.present = at;
    } else if ((s.absent?.index ?? -1) < inv.index) {
      s.absent = at;
    }
  }
}

function fateOf(s: ElementState): ElementFate {
  const presentIdx = s.present?.index ?? -1;
  const absentIdx = s.absent?.index ?? -1;
  const stable = presentIdx >= 0 && absentIdx < presentIdx;
  const lost = !stable && s.known !== undefined && absentIdx >= 0 && presentIdx < absentIdx && s.known.index < absentIdx;
  const knownTime = s.known?.time ?? 0;
  const floorMs = (until: Seen | undefined): number => Math.floor(Math.max(0, (until !== undefined ? until.time + 1 : 0) - knownTime) / 1e6);
  return {
    element: s.element,
    outcome: stable ? 'stable' : lost ? 'lost' : 'never-read',
    knownTime: s.known?.time,
    latencyMs: stable ? floorMs(s.absent) : lost ? floorMs(s.present) : 0,
  };
}
