// Stable latency among the nodes outside a fault: how fast the healthy part of a cluster spreads
// values among itself while some nodes are cut off, paused or slow. set-full cannot say this:
// its reads include the faulted nodes', which miss everything for as long as the fault lasts.
//
// Definition. Client thread i is bound to node nodes[i mod n]; process p belongs to thread
// p mod concurrency (a process renumbered after an :info keeps its thread). A node is outside
// the fault when it is not in `excluded`. For each value whose add (`ops.add`) completed ok
// on a node outside the fault (the first such completion, if it was added twice), let A be that
// completion; consider the ok reads by processes bound to outside nodes whose invocation comes
// after A in the history. The value is
//   - never-read when there is no such read;
//   - unstable when the last-invoked such read lacks it (it never settled among the outside nodes);
//   - otherwise stable, with latency max(0, (time of the last such read that lacks it) + 1 ns
//     − time of A), in whole milliseconds rounded down, and 0 when every such read has it.
// That is the time from the acknowledgement until every later read outside the fault includes
// the value, counted the way set-full counts its stable latency (from the last read that missed
// it). Quantiles are set-full's (quantiles.ts).
import type { NodeId } from '../../maelstrom/message.js';
import type { Op } from '../records/history.js';
import { nodeOfProcess } from './client-layout.js';
import { walkClientOps } from './op-pairs.js';
import { quantiles, type Quantiles } from './quantiles.js';
import type { SetOps } from './set-full.js';
import { valueKey, type ValueKey } from './value-key.js';

export interface StableOutsideInput {
  history: readonly Op[];
  /** The run's node list, in order (client threads bind to it round-robin). */
  nodes: readonly NodeId[];
  concurrency: number;
  /** Nodes inside the fault. */
  excluded: Iterable<NodeId>;
  /** The fs that add to the set and read it (the workload's). */
  ops: SetOps;
}

export interface StableOutsideResult {
  /** Always true: a measurement, not a verdict (set-full judges lost values). */
  'valid?': true;
  excluded: NodeId[];
  /** Values acknowledged by a node outside the fault. */
  'value-count': number;
  'stable-count': number;
  'unstable-count': number;
  'never-read-count': number;
  /** Whole milliseconds; present only when some value is stable. */
  'stable-latencies'?: Quantiles;
}

const nanosPerMs = 1_000_000;

export function checkStableOutside({ history, nodes, concurrency, excluded, ops }: StableOutsideInput): StableOutsideResult {
  const inside = new Set(excluded);
  const outside = (process: number): boolean => !inside.has(nodeOfProcess(process, { nodes, concurrency }));
  const acks = createAckTable();
  let generation = 0;
  walkClientOps(history, {
    onComplete(op, inv) {
      if (op.type !== 'ok' || !outside(op.process as number)) return;
      if (op.f === ops.add) acks.add(inv?.value ?? op.value, op);
      else if (op.f === ops.read && inv !== undefined && Array.isArray(op.value)) acks.read(inv, op.value, ++generation);
    },
  });
  return summarize(acks, [...inside].sort());
}

/** Per acknowledged value (by slot, in ack order): parallel arrays. */
interface AckTable {
  add(value: unknown, ack: Op): void;
  /** Marks every value acknowledged before the read's invocation as present in it or missed by it. */
  read(invocation: Op, values: readonly unknown[], generation: number): void;
  count: number;
  ackTime: number[];
  /** The last-invoked read that missed the value: its invocation index and time (-1: none). */
  lastMissIndex: number[];
  lastMissTime: number[];
  /** The last-invoked read after the ack (-1: none), and whether it missed the value. */
  lastReadIndex: number[];
  lastReadMissed: boolean[];
}

function createAckTable(): AckTable {
  const slots = new Map<ValueKey, number>();
  const ackIndex: number[] = [];
  let mark = new Int32Array(1024);
  const t: AckTable = {
    count: 0,
    ackTime: [],
    lastMissIndex: [],
    lastMissTime: [],
    lastReadIndex: [],
    lastReadMissed: [],
    add(value, ack) {
      const key = valueKey(value);
      if (slots.has(key)) return;
      if (t.count >= mark.length) {
        const grown = new Int32Array(mark.length * 2);
        grown.set(mark);
        mark = grown;
      }
      slots.set(key, t.count++);
      ackIndex.push(ack.index);
      t.ackTime.push(ack.time);
      t.lastMissIndex.push(-1);
      t.lastMissTime.push(-1);
      t.lastReadIndex.push(-1);
      t.lastReadMissed.push(false);
    },
    read(invocation, values, generation) {
      for (const v of values) {
        const slot = slots.get(valueKey(v));
        if (slot !== undefined) mark[slot] = generation;
      }
      // Acks arrive in history order, so the ones before the invocation are a prefix. Reads
      // complete out of invocation order: only a later-invoked read overrides an earlier one.
      const at = invocation.index;
      for (let s = 0, before = prefixBefore(ackIndex, at); s < before; s++) {
        const missed = mark[s] !== generation;
        if (missed && at > t.lastMissIndex[s]) {
          t.lastMissIndex[s] = at;
          t.lastMissTime[s] = invocation.time;
        }
        if (at > t.lastReadIndex[s]) {
          t.lastReadIndex[s] = at;
          t.lastReadMissed[s] = missed;
        }
      }
    },
  };
  return t;
}

/** How many entries of the ascending `indexes` are below `index`. */
function prefixBefore(indexes: readonly number[], index: number): number {
  let lo = 0;
  let hi = indexes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (indexes[mid] < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function summarize(t: AckTable, excluded: NodeId[]): StableOutsideResult {
  const latencies: number[] = [];
  let unstable = 0;
  let neverRead = 0;
  for (let s = 0; s < t.count; s++) {
    if (t.lastReadIndex[s] < 0) neverRead++;
    else if (t.lastReadMissed[s]) unstable++;
    else latencies.push(t.lastMissIndex[s] < 0 ? 0 : Math.floor(Math.max(0, t.lastMissTime[s] + 1 - t.ackTime[s]) / nanosPerMs));
  }
  const result: StableOutsideResult = {
    'valid?': true,
    excluded,
    'value-count': t.count,
    'stable-count': latencies.length,
    'unstable-count': unstable,
    'never-read-count': neverRead,
  };
  const q = quantiles(latencies);
  if (q !== undefined) result['stable-latencies'] = q;
  return result;
}
