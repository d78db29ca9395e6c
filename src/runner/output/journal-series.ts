// The message journal folded, one event at a time, into messages per second per node (server
// traffic and client traffic apart) and, for small clusters, one window of messages for the
// Lamport diagram. Journal times count from the network's creation, history times from the
// moment every node answered init: the last init_ok delivery maps one onto the other.
import { isClientId } from '../../maelstrom/message.js';
import type { LamportData, MessageRates } from './report-data.js';
import { bucketWidth, roundTo } from './series-math.js';

export interface JournalEventLike {
  id: number;
  time: number;
  type: string;
  message: { id?: number; src: string; dest: string; body?: { type?: unknown } };
}

export interface JournalFolderOptions {
  nodes: readonly string[];
  durationS: number;
  /** Start of the Lamport window in seconds since the origin; no diagram when undefined. */
  lamportStartS?: number;
}

/** Messages in the Lamport window, and how far past its start it may reach. */
export const lamportMessageCap = 300;
export const lamportMaxWindowS = 10;

export interface JournalFolder {
  add(event: JournalEventLike): void;
  finish(): { messages: MessageRates; lamport?: LamportData };
}

const setupTypes = new Set(['init', 'init_ok']);

export function createJournalFolder(options: JournalFolderOptions): JournalFolder {
  const nodeIndex = new Map(options.nodes.map((id, i) => [id, i]));
  const bucketS = bucketWidth(options.durationS);
  const buckets = Math.max(1, Math.ceil(options.durationS / bucketS + 1e-9));
  const servers = options.nodes.map(() => new Array<number>(buckets).fill(0));
  const clients = options.nodes.map(() => new Array<number>(buckets).fill(0));
  const lamport = options.lamportStartS !== undefined ? createLamportWindow(options.nodes, options.lamportStartS) : undefined;
  let originNs = 0;
  let setupOver = false;

  return {
    add(event) {
      const { message } = event;
      const type = typeof message.body?.type === 'string' ? message.body.type : '?';
      if (!setupOver) {
        if (setupTypes.has(type)) {
          if (type === 'init_ok' && event.type === 'recv') originNs = event.time;
          return;
        }
        setupOver = true;
      }
      const t = (event.time - originNs) / 1e9;
      lamport?.add(event, t, type);
      if (event.type !== 'send') return;
      const bucket = Math.min(buckets - 1, Math.max(0, Math.floor(t / bucketS)));
      // A node's exchange with a service is servers traffic, as Maelstrom's net stats count it.
      const rows = isClientId(message.src) || isClientId(message.dest) ? clients : servers;
      const node = nodeIndex.get(message.src) ?? nodeIndex.get(message.dest);
      if (node !== undefined) rows[node][bucket]++;
    },
    finish() {
      const perSecond = (rows: number[][]): number[][] => rows.map((row) => row.map((c) => roundTo(c / bucketS, 2)));
      const x = Array.from({ length: buckets }, (_, i) => roundTo(i * bucketS, 4));
      return {
        messages: { bucketS, x, nodes: [...options.nodes], servers: perSecond(servers), clients: perSecond(clients) },
        lamport: lamport?.finish(),
      };
    },
  };
}

/** The first `lamportMessageCap` messages sent from `startS` on, with their deliveries. */
function createLamportWindow(nodes: readonly string[], startS: number): { add(e: JournalEventLike, t: number, type: string): void; finish(): LamportData } {
  const processes = [...nodes];
  const column = new Map(nodes.map((id, i) => [id, i]));
  const messages: LamportData['messages'] = [];
  const byId = new Map<number, number>();
  let full = false;
  let truncated = false;
  let end = startS;
  const columnOf = (id: string): number => {
    let c = column.get(id);
    if (c === undefined) {
      c = processes.push(id) - 1;
      column.set(id, c);
    }
    return c;
  };
  return {
    add(event, t, type) {
      const id = event.message.id ?? -1;
      if (event.type === 'recv') {
        const at = byId.get(id);
        if (at === undefined) return;
        messages[at][3] = roundTo(t, 6);
        end = Math.max(end, t);
        return;
      }
      if (t < startS || full) return;
      if (messages.length >= lamportMessageCap || t > startS + lamportMaxWindowS) {
        full = true;
        truncated = true;
        return;
      }
      byId.set(id, messages.length);
      messages.push([columnOf(event.message.src), columnOf(event.message.dest), roundTo(t, 6), -1, type]);
      end = Math.max(end, t);
    },
    finish() {
      return { processes, nodeCount: nodes.length, start: roundTo(startS, 6), end: roundTo(end, 6), messages, truncated };
    },
  };
}
