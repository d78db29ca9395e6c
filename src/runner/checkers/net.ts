// Message statistics from the network journal (Maelstrom's net/checker.clj), split into all / clients /
// servers, with msgs-per-op over client invocations. `bytes` and `bytes-per-op` are ygossip's own
// additions (Maelstrom has no such keys): the UTF-8 size of every sent body, to watch the cost of
// gossip and not only its message count.
import { Buffer } from 'node:buffer';
import { isClientId } from '../../maelstrom/message.js';
import { formatExactJson } from '../base/exact-json.js';
import { toFloat32 } from '../base/float32.js';
import type { Op } from '../records/history.js';
import { createNetTally, tallyEvent, type GroupTally, type JournalEvent, type NetTally } from '../records/journal.js';

export interface NetGroupStats {
  'send-count': number;
  'recv-count': number;
  /** Distinct network message ids among the group's events. */
  'msg-count': number;
  /** ygossip: UTF-8 bytes of JSON.stringify(body) summed over send events. */
  bytes: number;
  /** all and servers only, and only when there were client invocations: a Java float. */
  'msgs-per-op'?: number;
  /** ygossip: bytes / client invocations, with the same rules as msgs-per-op. */
  'bytes-per-op'?: number;
}

export interface NetStats {
  all: NetGroupStats;
  clients: NetGroupStats;
  servers: NetGroupStats;
}

export interface NetResult extends NetStats {
  'valid?': true;
}

/** The tally of a whole journal, counting messages by distinct network id as Maelstrom does. */
export function tallyJournal(journal: readonly JournalEvent[]): NetTally {
  const tally = createNetTally();
  const groups = ['all', 'clients', 'servers'] as const;
  const ids = { all: new Set<number>(), clients: new Set<number>(), servers: new Set<number>() };
  const unnumbered = { all: 0, clients: 0, servers: 0 };
  for (const event of journal) {
    tallyEvent(tally, event.type, event.message, event.type === 'send' ? bodyBytes(event) : 0);
    for (const g of ['all', isClientEvent(event) ? 'clients' : 'servers'] as const) {
      if (event.message.id !== undefined) ids[g].add(event.message.id);
      else if (event.type === 'send') unnumbered[g]++; // cannot be de-duplicated: each send counts
    }
  }
  for (const g of groups) tally[g].msgs = ids[g].size + unnumbered[g];
  return tally;
}

export function checkNet(tally: NetTally, history: readonly Op[]): NetResult {
  const ops = clientInvocationCount(history);
  return {
    all: withPerOp(groupStats(tally.all), ops),
    clients: groupStats(tally.clients),
    servers: withPerOp(groupStats(tally.servers), ops),
    'valid?': true,
  };
}

/** Maelstrom's op-count: every client invocation whatever its outcome, final reads included. */
function clientInvocationCount(history: readonly Op[]): number {
  let n = 0;
  for (const op of history) if (op.process !== 'nemesis' && op.type === 'invoke') n++;
  return n;
}

export interface BytesWindow {
  /** Window start, in ms of journal time (windows are aligned to journal time 0). */
  'start-ms': number;
  msgs: number;
  bytes: number;
}

/**
 * Server-to-server sends (neither end a client; services count as servers) per window of
 * `windowMs`, dense from the first window to the last one with a send. A benchmark uses it to
 * show bytes per op stay flat as the set grows, i.e. that gossip ships diffs, not state.
 */
export function serverBytesTimeline(journal: readonly JournalEvent[], windowMs: number): BytesWindow[] {
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be a positive number, got ${windowMs}`);
  const windowNs = windowMs * 1_000_000;
  const windows: BytesWindow[] = [];
  let first = -1;
  for (const event of journal) {
    if (event.type !== 'send' || isClientEvent(event)) continue;
    const w = Math.floor(event.time / windowNs);
    if (first < 0) first = w;
    if (w < first) {
      // Journals are in time order; tolerate one that is not by prepending empty windows.
      for (let k = first - 1; k >= w; k--) windows.unshift({ 'start-ms': k * windowMs, msgs: 0, bytes: 0 });
      first = w;
    }
    while (windows.length <= w - first) windows.push({ 'start-ms': (first + windows.length) * windowMs, msgs: 0, bytes: 0 });
    const window = windows[w - first];
    window.msgs++;
    window.bytes += bodyBytes(event);
  }
  return windows;
}

function isClientEvent(event: JournalEvent): boolean {
  return isClientId(event.message.src) || isClientId(event.message.dest);
}

function bodyBytes(event: JournalEvent): number {
  return Buffer.byteLength(formatExactJson(event.message.body), 'utf8');
}

function groupStats(g: GroupTally): NetGroupStats {
  return { 'send-count': g.sends, 'recv-count': g.recvs, 'msg-count': g.msgs, bytes: g.bytes };
}

function withPerOp(stats: NetGroupStats, ops: number): NetGroupStats {
  if (ops === 0) return stats;
  return { ...stats, 'msgs-per-op': toFloat32(stats['msg-count'] / ops), 'bytes-per-op': toFloat32(stats.bytes / ops) };
}
