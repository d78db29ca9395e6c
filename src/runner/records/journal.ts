// The message journal: every send (including those a partition later drops) and every delivery,
// as Maelstrom's net journal records them (Maelstrom's net/journal.clj). Events stream to a file as
// they happen and the net statistics are tallied on the way, so a long or busy run does not hold
// its journal in memory; the simulation and tests keep the events instead.
import { createWriteStream, type WriteStream } from 'node:fs';
import { isClientId, type Message } from '../../maelstrom/message.js';

export type JournalEventType = 'send' | 'recv';

export interface JournalEvent {
  /** Global event id, dense from 0. */
  id: number;
  /** Integer nanoseconds since the journal's origin (the runner's start, monotonic). */
  time: number;
  type: JournalEventType;
  /** The message with its network id (`message.id`), assigned at send. */
  message: Message;
}

export interface JournalOptions {
  /** Keep every event in memory (the simulation and tests compare journals). */
  keep?: boolean;
  /** Append every event as a JSON line to this file. */
  file?: string;
}

/** A message's JSON as the network wrote it once, for the file and the bytes. */
export interface MessageTexts {
  /** The body's JSON. */
  bodyText: string;
  /** The whole message as formatExactJson writes it. */
  line: string;
}

export interface Journal {
  record(type: JournalEventType, timeNs: number, message: Message, texts: MessageTexts): void;
  /** The kept events; empty unless `keep` was set. */
  readonly events: readonly JournalEvent[];
  /** Each kept event's message line (`texts.line`), by the event's index: the file's lines
   *  are written from them (formatJournalEvent) instead of writing every message again. */
  readonly messageLines: readonly string[];
  readonly tally: NetTally;
  /** Flushes the file; resolves once it is written. */
  close(): Promise<void>;
}

/** Counts kept while a run goes, so the journal itself can go to disk instead of memory. */
export interface GroupTally {
  sends: number;
  recvs: number;
  /** Distinct messages: every message is sent once, so sends, unless a journal says otherwise. */
  msgs: number;
  bytes: number;
}

/** Maelstrom's three groups (Maelstrom's net/checker.clj). */
export type NetTally = Record<'all' | 'clients' | 'servers', GroupTally>;

export function createNetTally(): NetTally {
  const group = (): GroupTally => ({ sends: 0, recvs: 0, msgs: 0, bytes: 0 });
  return { all: group(), clients: group(), servers: group() };
}

/** One journal event; `bytes` is the UTF-8 size of the body's JSON (counted on sends only). */
export function tallyEvent(tally: NetTally, type: JournalEvent['type'], message: Message, bytes: number): void {
  const side = isClientId(message.src) || isClientId(message.dest) ? tally.clients : tally.servers;
  for (const g of [tally.all, side]) {
    if (type === 'send') {
      g.sends++;
      g.msgs++;
      g.bytes += bytes;
    } else g.recvs++;
  }
}

/** formatExactJson(event), given formatExactJson(event.message) as `messageLine`. */
export function formatJournalEvent(event: JournalEvent, messageLine: string): string {
  return `{"id":${JSON.stringify(event.id)},"time":${JSON.stringify(event.time)},"type":${JSON.stringify(event.type)},"message":${messageLine}}`;
}

const flushChars = 1 << 16;

export function createJournal(options: JournalOptions = {}): Journal {
  const events: JournalEvent[] = [];
  const messageLines: string[] = [];
  const tally = createNetTally();
  const out: WriteStream | undefined = options.file ? createWriteStream(options.file) : undefined;
  let failure: Error | undefined;
  out?.on('error', (e) => (failure ??= e));
  let pending: string[] = [];
  let pendingChars = 0;
  let next = 0;
  const flush = (): void => {
    if (pending.length === 0 || !out) return;
    out.write(pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  return {
    events,
    messageLines,
    tally,
    record(type, time, message, { bodyText, line: messageLine }) {
      const id = next++;
      tallyEvent(tally, type, message, type === 'send' ? Buffer.byteLength(bodyText, 'utf8') : 0);
      if (options.keep) {
        events.push({ id, time, type, message });
        messageLines.push(messageLine);
      }
      if (!out) return;
      const line = `{"id":${id},"time":${time},"type":"${type}","message":{"id":${message.id},"src":${JSON.stringify(message.src)},"dest":${JSON.stringify(message.dest)},"body":${bodyText}}}\n`;
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= flushChars) flush();
    },
    async close() {
      flush();
      if (out) await new Promise<void>((resolve) => out.end(resolve));
      if (failure) throw new Error(`could not write the journal ${options.file}: ${failure.message}`);
    },
  };
}
