// A replicated store made durable through a NodeStorage. At init, before init_ok, the node's
// log is opened for its id and replayed into the store; from then on every update the store
// integrates (its own writes and its peers') is appended, and a client is answered only once
// everything the store held when the request was handled is on disk: an acknowledged add is
// never lost to a kill, and a read never shows a value a kill could still take back. Without
// storage nothing changes: replies go out at once, as they always did.
//
// A failed write (its sync included) is never retried: the log refuses every later append, so
// nothing more is acknowledged, and `onFailure` is told, so the node restarts from its log
// (supervisor.ts). Each start compacts the log to one record, unless recovery had to cut a torn
// tail off it: that start leaves the log as recovery left it.
//
// The chain uses then(), never await (see storage/completion.ts): on the simulated disk the
// reply must leave inside the virtual-clock timer that made the write durable.
import { createClientId, InvalidUpdateError, type ReplicatedStore } from '../crdt/store.js';
import type { NodeRuntime } from '../maelstrom/node.js';
import { Completion, StoreError, type NodeStorage, type UpdateLog } from '../storage/index.js';

/** Transaction origin of replayed records: they are on disk already, so never appended again. */
const recovered = Symbol('recovered from disk');

export interface Persistence {
  /** `reply` once everything the store holds now is durable; `reply` itself without storage. */
  acknowledge<T>(reply: T): T | PromiseLike<T>;
}

export interface PersistOptions {
  storage: NodeStorage | undefined;
  random: () => number;
  /** A write failed: nothing is acknowledged any more, the node must restart from its log. */
  onFailure?: (error: unknown) => void;
}

export function persistStore(node: NodeRuntime, store: ReplicatedStore, { storage, random, onFailure }: PersistOptions): Persistence {
  if (!storage) return { acknowledge: (reply) => reply };
  let log: UpdateLog | undefined;
  // Appends become durable in order, so the last one settling means all before it did.
  let lastWrite: PromiseLike<void> = Completion.resolved<void>(undefined);
  let failed = false;

  const append = (update: Uint8Array): void => {
    lastWrite = log!.append(update);
    lastWrite.then(undefined, (e: unknown) => {
      if (failed) return;
      failed = true;
      node.logger.log(`store write failed, nothing is acknowledged from here on: ${(e as Error)?.message ?? String(e)}`);
      // After the requests waiting on this write got their error replies (code 13, indefinite),
      // which a restart now would swallow.
      if (onFailure) node.after(0, () => onFailure(e));
    });
  };

  node.onInit(({ nodeId }) =>
    Completion.resolved(storage.open(nodeId, { warn: (line) => node.logger.log(line) }))
      .then((opened) => {
        log = opened;
        return opened.load();
      })
      .then((records) => {
        recover(store, log!, records, random);
        node.logger.log(`recovered ${records.length} records from ${log!.name}; writing as Yjs client ${store.doc.clientID}`);
        store.doc.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin !== recovered) append(update);
        });
        // One record per update makes recovery cost grow with the log; start the next one short,
        // unless recovery cut the log: then it stays as recovery left it until the next start.
        if (records.length > 1 && !log!.recovery.cut) return log!.compact(store.diff());
        return undefined;
      }),
  );
  node.onClose(() => log?.close());

  return {
    acknowledge: (reply) => {
      // Whatever the store still buffers goes into the log first (lastWrite then covers it).
      store.commit();
      return lastWrite.then(() => reply);
    },
  };
}

/** Replays `records` into the store, then makes sure the store writes under a fresh client id. */
function recover(store: ReplicatedStore, log: UpdateLog, records: readonly Uint8Array[], random: () => number): void {
  const drawn = store.doc.clientID;
  records.forEach((record, i) => {
    try {
      store.apply(record, recovered);
    } catch (e) {
      if (e instanceof InvalidUpdateError) throw new StoreError(log.name, `record ${i + 1} is not an update this store accepts (${e.message})`);
      throw e;
    }
  });
  // A fresh client id on every start, never one the state was written with: an update that
  // reached a peer but not this disk before a kill is gone here, and the same id would write
  // different content under the same (client, clock) ids, which Yjs would never reconcile. The
  // id drawn at process start is fresh; it is redrawn only in the unlikely case the state has
  // it. (Yjs moves a doc off such an id by itself, but with an unseeded draw: ours replays.)
  const known = store.stateVector();
  let id = drawn;
  while (known.has(id)) id = createClientId(random);
  store.doc.clientID = id;
}
