// Jepsen's set-full checker as Maelstrom runs it for broadcast and g-set (Jepsen's checker.clj, set-full):
// per element, the op that made it known and the latest-invoked reads that saw and missed it
// decide stable / lost / never-read, and how long it took to become stable.
import type { Op } from '../records/history.js';
import { walkClientOps } from './op-pairs.js';
import { quantiles, type Quantiles } from './quantiles.js';
import type { Validity } from './valid.js';
import { compareValues, valueKey, type ValueKey } from './value-key.js';

export interface WorstStale {
  element: unknown;
  outcome: 'stable';
  'stable-latency': number;
  'lost-latency': null;
  known: Op;
  'last-absent': Op | null;
}

export interface SetFullResult {
  'valid?': Validity;
  'attempt-count': number;
  'stable-count': number;
  'lost-count': number;
  lost: unknown[];
  'never-read-count': number;
  'never-read': unknown[];
  'stale-count': number;
  stale: unknown[];
  'worst-stale': WorstStale[];
  /** Whole milliseconds; present only when some element is stable. */
  'stable-latencies'?: Quantiles;
  /** Whole milliseconds; present only when some element is lost. */
  'lost-latencies'?: Quantiles;
  /** Always 0 and {}: Jepsen 0.3.7's duplicate test is inverted and never reports any. */
  'duplicated-count': 0;
  duplicated: Record<string, never>;
}

/**
 * The fs of a set's ops: the one that adds an element and the one that reads the whole set.
 * Jepsen's set-full reads `add` and `read`; a workload that names its ops otherwise declares its
 * names (Maelstrom's broadcast checker is set-full with `broadcast` ops read as `add`).
 */
export interface SetOps {
  readonly add: string;
  readonly read: string;
}

export const setFullOps: SetOps = { add: 'add', read: 'read' };

const nanosPerMs = 1_000_000;
/** Non-negative integers below this get a direct-indexed slot table instead of a Map entry. */
const denseIntLimit = 1 << 22;

/**
 * set-full over a history of `ops.add` and `ops.read` ops (nemesis ops are skipped). Cost is one pass
 * over the history plus, per ok read, the read's values and one tight loop over the elements
 * that exist so far (Maelstrom's own algorithm is the same shape).
 */
export function checkSetFull(history: readonly Op[], ops: SetOps = setFullOps): SetFullResult {
  const { add, read } = ops;
  const elements = createElementTable();
  let readGeneration = 0;
  walkClientOps(history, {
    onInvoke(op) {
      if (op.f === add) elements.track(op.value);
    },
    onComplete(op, inv) {
      if (op.f === add) {
        if (op.type !== 'ok') return;
        const slot = elements.slotOf(inv !== undefined ? inv.value : op.value);
        if (slot >= 0 && elements.known[slot] === undefined) elements.known[slot] = op;
      } else if (op.f === read && op.type === 'ok') {
        if (inv === undefined) throw new Error(`read completion ${op.index} has no invocation`);
        readGeneration++;
        const { mark } = elements;
        for (const v of readValues(op)) {
          const slot = elements.slotOf(v);
          if (slot >= 0) mark[slot] = readGeneration;
        }
        recordRead(elements, readGeneration, inv, op);
      }
    },
  });
  return summarize(elements, ops);
}

function readValues(op: Op): readonly unknown[] {
  if (op.value === null || op.value === undefined) return [];
  if (!Array.isArray(op.value)) throw new Error(`read ${op.index} returned ${JSON.stringify(op.value)}, not a list`);
  return op.value;
}

/** The hot loop: every existing element is either in this read (marked) or missing from it. */
function recordRead(t: ElementTable, generation: number, inv: Op, complete: Op): void {
  const { mark, known, presentIndex, lastPresent, absentIndex, lastAbsent } = t;
  const invIndex = inv.index;
  for (let s = 0, n = t.count; s < n; s++) {
    if (mark[s] === generation) {
      if (known[s] === undefined) known[s] = complete;
      if (presentIndex[s] < invIndex) {
        presentIndex[s] = invIndex;
        lastPresent[s] = inv;
      }
    } else if (absentIndex[s] < invIndex) {
      absentIndex[s] = invIndex;
      lastAbsent[s] = inv;
    }
  }
}

/** Parallel arrays by slot; a slot is created by the element's first add invocation. */
interface ElementTable {
  count: number;
  values: unknown[];
  known: (Op | undefined)[];
  lastPresent: (Op | undefined)[];
  lastAbsent: (Op | undefined)[];
  presentIndex: Int32Array;
  absentIndex: Int32Array;
  mark: Int32Array;
  slotOf(v: unknown): number;
  /** Create the element's state, or reset it (Jepsen replaces it on a repeated add). */
  track(v: unknown): void;
}

function createElementTable(): ElementTable {
  let denseSlots: Int32Array = new Int32Array(0);
  const otherSlots = new Map<ValueKey, number>();
  const isDense = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < denseIntLimit;

  const t: ElementTable = {
    count: 0,
    values: [],
    known: [],
    lastPresent: [],
    lastAbsent: [],
    presentIndex: new Int32Array(1024),
    absentIndex: new Int32Array(1024),
    mark: new Int32Array(1024),
    slotOf(v) {
      if (isDense(v)) return v < denseSlots.length ? denseSlots[v] : -1;
      return otherSlots.get(valueKey(v)) ?? -1;
    },
    track(v) {
      let slot = t.slotOf(v);
      if (slot < 0) {
        slot = t.count++;
        if (slot >= t.mark.length) {
          const size = t.mark.length * 2;
          t.presentIndex = grow(t.presentIndex, size);
          t.absentIndex = grow(t.absentIndex, size);
          t.mark = grow(t.mark, size);
        }
        if (isDense(v)) {
          if (v >= denseSlots.length) denseSlots = grow(denseSlots, Math.max(v + 1, denseSlots.length * 2, 1024), -1);
          denseSlots[v] = slot;
        } else {
          otherSlots.set(valueKey(v), slot);
        }
      }
      t.values[slot] = v;
      t.known[slot] = undefined;
      t.lastPresent[slot] = undefined;
      t.lastAbsent[slot] = undefined;
      t.presentIndex[slot] = -1;
      t.absentIndex[slot] = -1;
      t.mark[slot] = 0;
    },
  };
  return t;
}

function grow(a: Int32Array, size: number, fill = 0): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
}

type Outcome = 'stable' | 'lost' | 'never-read';

interface ElementResult {
  element: unknown;
  outcome: Outcome;
  stableLatency: number;
  lostLatency: number;
  known: Op | undefined;
  lastAbsent: Op | undefined;
}

function elementResult(t: ElementTable, s: number): ElementResult {
  const known = t.known[s];
  const present = t.presentIndex[s];
  const absent = t.absentIndex[s];
  const lastPresent = t.lastPresent[s];
  const lastAbsent = t.lastAbsent[s];
  const stable = present >= 0 && absent < present;
  // Known must precede the absent read's invocation: a read concurrent with the add may have
  // linearized before it, which makes the element never-read rather than lost.
  const lost = !stable && known !== undefined && absent >= 0 && present < absent && known.index < absent;
  const knownTime = known?.time ?? 0;
  let stableLatency = 0;
  let lostLatency = 0;
  if (stable) {
    const stableTime = lastAbsent !== undefined ? lastAbsent.time + 1 : 0;
    stableLatency = Math.floor(Math.max(0, stableTime - knownTime) / nanosPerMs);
  } else if (lost) {
    const lostTime = lastPresent !== undefined ? lastPresent.time + 1 : 0;
    lostLatency = Math.floor(Math.max(0, lostTime - knownTime) / nanosPerMs);
  }
  return {
    element: t.values[s],
    outcome: stable ? 'stable' : lost ? 'lost' : 'never-read',
    stableLatency,
    lostLatency,
    known,
    lastAbsent,
  };
}

function summarize(t: ElementTable, ops: SetOps): SetFullResult {
  // The ops it shows carry Jepsen's names, as set-full saw them in Maelstrom's renamed history.
  const renamed = (op: Op, f: string): Op => (op.f === f ? op : { ...op, f });
  const asJepsen = (op: Op): Op => (op.f === ops.add ? renamed(op, setFullOps.add) : op.f === ops.read ? renamed(op, setFullOps.read) : op);
  const results: ElementResult[] = [];
  for (let s = 0; s < t.count; s++) results.push(elementResult(t, s));
  results.sort((a, b) => compareValues(a.element, b.element));

  const stable = results.filter((r) => r.outcome === 'stable');
  const lost = results.filter((r) => r.outcome === 'lost');
  const neverRead = results.filter((r) => r.outcome === 'never-read');
  const stale = stable.filter((r) => r.stableLatency > 0);
  // Jepsen sorts ascending (stable) then reverses: equal latencies come out largest element first.
  const worstStale = [...stale]
    .sort((a, b) => a.stableLatency - b.stableLatency)
    .reverse()
    .slice(0, 8)
    .map(
      (r): WorstStale => ({
        element: r.element,
        outcome: 'stable',
        'stable-latency': r.stableLatency,
        'lost-latency': null,
        known: asJepsen(r.known as Op),
        'last-absent': r.lastAbsent !== undefined ? asJepsen(r.lastAbsent) : null,
      }),
    );

  const result: SetFullResult = {
    'valid?': lost.length > 0 ? false : stable.length === 0 ? 'unknown' : true,
    'attempt-count': results.length,
    'stable-count': stable.length,
    'lost-count': lost.length,
    lost: lost.map((r) => r.element),
    'never-read-count': neverRead.length,
    'never-read': neverRead.map((r) => r.element),
    'stale-count': stale.length,
    stale: stale.map((r) => r.element),
    'worst-stale': worstStale,
    'duplicated-count': 0,
    duplicated: {},
  };
  const stableLatencies = quantiles(stable.map((r) => r.stableLatency));
  if (stableLatencies !== undefined) result['stable-latencies'] = stableLatencies;
  const lostLatencies = quantiles(lost.map((r) => r.lostLatency));
  if (lostLatencies !== undefined) result['lost-latencies'] = lostLatencies;
  return result;
}
