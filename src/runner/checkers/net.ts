// Message statistics from the network journal (maelstrom-spec §8.6), split into all / clients /
// servers, with msgs-per-op over client invocations. `bytes` and `bytes-per-op` are ygossip's own
// additions (Maelstrom has no such keys): the UTF-8 size of every sent body, to watch the cost of
// gossip and not only its message count.
import { Buffer } from 'node:buffer';
import { isClientId } from '../../maelstrom/message.js';
import { toFloat32 } from '../float32.js';
import type { Op } from '../history.js';
import type { JournalEvent } from '../journal.js';

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

export function checkNet(journal: readonly JournalEvent[], history: readonly Op[]): NetResult {
  return { ...netStats(journal, history), 'valid?': true };
}

export function netStats(journal: readonly JournalEvent[], history: readonly Op[]): NetStats {
  const all = createTally();
  const clients = createTally();
  const servers = createTally();
  for (const event of journal) {
    const bytes = event.type === 'send' ? bodyBytes(event) : 0;
    tally(all, event, bytes);
    tally(isClientEvent(event) ? clients : servers, event, bytes);
  }
  const ops = clientInvocationCount(history);
  return {
    all: withPerOp(finish(all), ops),
    clients: finish(clients),
    servers: withPerOp(finish(servers), ops),
  };
}

/** Maelstrom's op-count: every client invocation whatever its outcome, final reads included. */
export function clientInvocationCount(history: readonly Op[]): number {
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
  return Buffer.byteLength(JSON.stringify(event.message.body), 'utf8');
}

interface Tally {
  sends: number;
  recvs: number;
  bytes: number;
  ids: Set<number>;
  /** Messages without a network id cannot be de-duplicated; each send counts once. */
  unnumberedSends: number;
}

function createTally(): Tally {
  return { sends: 0, recvs: 0, bytes: 0, ids: new Set(), unnumberedSends: 0 };
}

function tally(t: Tally, event: JournalEvent, bytes: number): void {
  if (event.type === 'send') {
    t.sends++;
    t.bytes += bytes;
  } else {
    t.recvs++;
  }
  const id = event.message.id;
  if (id !== undefined) t.ids.add(id);
  else if (event.type === 'send') t.unnumberedSends++;
}

function finish(t: Tally): NetGroupStats {
  return { 'send-count': t.sends, 'recv-count': t.recvs, 'msg-count': t.ids.size + t.unnumberedSends, bytes: t.bytes };
}

function withPerOp(stats: NetGroupStats, ops: number): NetGroupStats {
  if (ops === 0) return stats;
  return { ...stats, 'msgs-per-op': toFloat32(stats['msg-count'] / ops), 'bytes-per-op': toFloat32(stats.bytes / ops) };
}
