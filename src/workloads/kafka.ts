// Maelstrom's kafka workload (Gossip Glomers 5a–5c) on the offset logs (crdt/offset-logs.ts).
//
// Each key has an owner: the node rendezvous hashing picks from init's node ids (rendezvous.ts),
// so every node knows it without a message. The owner alone assigns the key's offsets and
// appends its entries; another node forwards a client's send to the owner and relays the
// answer. Entries, committed offsets and what each writer vouches for replicate through the
// store like any other state, so polls and list_committed_offsets are answered from the local
// replica, and a replica serves a key only as a chain of vouched entries with no holes.
//
// The owner cut off. A node that cannot reach a key's owner cannot append to that key. Its
// forward times out after forwardTimeoutMs: the owner may have appended, so the client gets an
// indefinite error (timeout, code 0; Maelstrom records the send :info), never a definite one.
// For the next suspectMs the node refuses sends to that owner's keys at once with
// temporarily-unavailable (code 11, definite: Maelstrom records :fail), having sent nothing;
// then it tries again. Polls, commits and list_committed_offsets stay available everywhere;
// they see what has replicated so far. No offset is ever given twice: only the owner assigns.
//
// An owner that restarts. With a data directory (YGOSSIP_DATA_DIR) it recovers its store before
// init_ok, declares a new incarnation, and continues each key it owns after every offset it
// knows of; entries on its disk it had not vouched for yet (acknowledged, perhaps, but not yet
// covered by a vouch) are vouched for again before init_ok, choosing at each link the newest
// incarnation's entry. An entry that reached a peer but not its owner's disk was never vouched
// for, so no replica ever served it and its offset may be given to another message. Without a
// data directory a node starts empty: before it takes a send for a key it owns it fetches every
// peer's state (kafka_sync), refusing such sends with code 11 until each peer has answered, or
// syncWaitMs have passed (a peer cut off from the start must not stop the cluster: a node
// restarted without its memory while cut off from the peers holding its last entries may then
// give their offsets again). An acknowledged entry that had not replicated when such a node was
// killed is lost with it, and its offset may be given again: run kill nemeses with a data
// directory.
import { OffsetLogs } from '../crdt/offset-logs.js';
import { decodeBase64, encodeBase64 } from '../crdt/wire.js';
import { InvalidValueError } from '../crdt/value-limits.js';
import { errorCodes, malformed, MaelstromError } from '../maelstrom/errors.js';
import type { ReplyBody } from '../maelstrom/node.js';
import type { Message, NodeId } from '../maelstrom/message.js';
import { decodeStateVector } from '../crdt/state-vector.js';
import { Completion } from '../storage/index.js';
import type { WorkloadContext } from './context.js';
import type { Persistence } from './persistence.js';
import { serveReplicated, storeOptions } from './replicated.js';
import { ownerOf } from './rendezvous.js';
import { kafkaRpcs, requestProblem } from './rpc.js';

/** A forward with no answer by then may still have been appended: the client is told so. */
export const forwardTimeoutMs = 1000;
/** After a forward timed out, sends to that owner's keys are refused at once for this long. */
export const suspectMs = 1000;
/** Messages per key in one poll_ok, so one reply stays small. */
export const pollLimit = 1000;
const syncRetryMs = 500;
/** A node without a data directory owns its keys this long after start even if a peer never answered. */
export const syncWaitMs = 2000;
const syncType = 'kafka_sync';

/** What the parts of the node share. */
interface Kafka {
  ctx: WorkloadContext;
  store: OffsetLogs;
  acknowledge: Persistence['acknowledge'];
  durable: boolean;
  /** Whether this node may append to the keys it owns (it has caught up since it started). */
  ready: boolean;
}

export function serveKafka(ctx: WorkloadContext): OffsetLogs {
  const store = new OffsetLogs(storeOptions(ctx));
  const { acknowledge } = serveReplicated({ ...ctx, store });
  const kafka: Kafka = { ctx, store, acknowledge, durable: ctx.storage !== undefined, ready: false };
  catchUpAtStart(kafka);
  serveSends(kafka);
  serveReads(kafka);
  return store;
}

/** Before a node appends to its keys: recovery and adoption (data directory), or every peer's state. */
function catchUpAtStart(kafka: Kafka): void {
  const { ctx, store, acknowledge } = kafka;
  const { node } = ctx;
  // Registered after the store's recovery (serveReplicated), so it runs on the recovered store.
  node.onInit(() => {
    if (!kafka.durable) return void syncWithPeers(kafka);
    store.declareIncarnation();
    store.adopt((key) => ownerOf(key, node.nodeIds) === node.id);
    store.commit();
    return Completion.resolved(acknowledge(undefined)).then(() => {
      store.vouch();
      kafka.ready = true;
    });
  });
  node.on(syncType, (message: Message) => {
    if (!node.nodeIds.includes(message.src))
      throw new MaelstromError(errorCodes.notSupported.code, `${syncType} from ${message.src}, which is not a cluster member`);
    const vector = decodeBase64(message.body.vector);
    if (vector === undefined) throw malformed('field "vector" must be a base64 state vector');
    return { type: `${syncType}_ok`, update: encodeBase64(store.diff(decodeStateVector(vector))) };
  });
}

/** A node without a data directory asks every peer for what it lacks, until each answered or syncWaitMs passed. */
function syncWithPeers(kafka: Kafka): void {
  const { node } = kafka.ctx;
  const { store } = kafka;
  const waiting = new Set(node.nodeIds.filter((n) => n !== node.id));
  const ask = (peer: NodeId): void => {
    node.rpc(peer, { type: syncType, vector: encodeBase64(store.encodedStateVector()) }, syncRetryMs, (result) => {
      const update = result.ok ? decodeBase64(result.body.update) : undefined;
      if (update === undefined) return void node.after(syncRetryMs, () => ask(peer));
      store.apply(update, peer);
      waiting.delete(peer);
      if (waiting.size === 0) kafka.ready = true;
    });
  };
  if (waiting.size === 0) kafka.ready = true;
  for (const peer of waiting) ask(peer);
  node.after(syncWaitMs, () => {
    if (kafka.ready) return;
    kafka.ready = true;
    node.logger.log(`no answer from ${[...waiting].join(', ')} to ${syncType} in ${syncWaitMs} ms: owning my keys without their state`);
  });
}

/** send: appended here by the key's owner, forwarded to it by any other node. */
function serveSends(kafka: Kafka): void {
  const { node } = kafka.ctx;
  const append = ownerAppend(kafka);
  const forward = forwarder(kafka);
  node.on(kafkaRpcs.send.type, (message: Message) => {
    const problem = requestProblem(kafkaRpcs.send, message.body);
    if (problem) throw malformed(problem);
    const key = message.body.key as string;
    const owner = ownerOf(key, node.nodeIds);
    if (owner === node.id) return append(key, message.body.msg);
    // A forward that reaches a non-owner is not forwarded again: every node computes the same owner.
    if (!message.src.startsWith('c')) throw new MaelstromError(errorCodes.temporarilyUnavailable.code, `${node.id} does not own key ${key}`);
    return forward(owner, key, message.body.msg);
  });
}

/** The owner's append: the offset, answered once durable; vouched for then (at once in memory). */
function ownerAppend(kafka: Kafka): (key: string, msg: unknown) => ReplyBody | PromiseLike<ReplyBody> {
  const { store, acknowledge } = kafka;
  const { node } = kafka.ctx;
  let vouchDue: number | undefined;
  // One vouch per burst of durable appends, for the entries written before `count`.
  const vouchWhenDurable = (count: number): void => {
    if (vouchDue !== undefined) return void (vouchDue = Math.max(vouchDue, count));
    vouchDue = count;
    node.after(0, () => {
      store.vouch(vouchDue);
      vouchDue = undefined;
    });
  };
  return (key, msg) => {
    if (!kafka.ready)
      throw new MaelstromError(
        errorCodes.temporarilyUnavailable.code,
        `${node.id} owns key ${key} but has not caught up since it started; nothing was appended`,
      );
    let offset: number;
    try {
      offset = store.append(key, msg);
    } catch (e) {
      if (e instanceof InvalidValueError) throw malformed(`field "msg" ${e.reason}`);
      throw e;
    }
    const reply = { type: 'send_ok', offset };
    if (!kafka.durable) {
      store.vouch();
      return reply;
    }
    const count = store.ownEntries;
    return Completion.resolved(acknowledge(reply)).then((r) => {
      vouchWhenDurable(count);
      return r;
    });
  };
}

/** Forwards a send to its owner; an owner that timed out is refused at once for suspectMs. */
function forwarder(kafka: Kafka): (owner: NodeId, key: string, msg: unknown) => PromiseLike<ReplyBody> {
  const { node } = kafka.ctx;
  const suspected = new Map<NodeId, number>();
  return (owner, key, msg) => {
    if ((suspected.get(owner) ?? -Infinity) > node.clock.now()) {
      throw new MaelstromError(
        errorCodes.temporarilyUnavailable.code,
        `${owner}, the owner of key ${key}, does not answer ${node.id}; nothing was sent, try again`,
      );
    }
    const answer = new Completion<ReplyBody>();
    node.rpc(owner, { type: kafkaRpcs.send.type, key, msg }, forwardTimeoutMs, (result) => {
      if (result.ok) {
        suspected.delete(owner);
        const { body } = result;
        if (body.type === 'send_ok') answer.resolve({ type: 'send_ok', offset: body.offset });
        else answer.reject(new MaelstromError(typeof body.code === 'number' ? body.code : errorCodes.crash.code, String(body.text ?? 'the owner refused')));
        return;
      }
      if (result.error.code === errorCodes.timeout.code) suspected.set(owner, node.clock.now() + suspectMs);
      answer.reject(
        new MaelstromError(errorCodes.timeout.code, `${owner}, the owner of key ${key}, did not answer in time; the send may or may not have happened`),
      );
    });
    return answer;
  };
}

/** poll, commit_offsets and list_committed_offsets, from and to the local replica. */
function serveReads(kafka: Kafka): void {
  const { store, acknowledge } = kafka;
  const { node } = kafka.ctx;
  node.on(kafkaRpcs.poll.type, (message: Message) => {
    const problem = requestProblem(kafkaRpcs.poll, message.body);
    if (problem) throw malformed(problem);
    const msgs: Record<string, [number, unknown][]> = {};
    for (const [key, from] of Object.entries(message.body.offsets as Record<string, number | bigint>)) {
      const pairs = store.poll(key, Number(from), pollLimit);
      if (pairs.length > 0) msgs[key] = pairs;
    }
    return { type: 'poll_ok', msgs };
  });
  node.on(kafkaRpcs.commitOffsets.type, (message: Message) => {
    const problem = requestProblem(kafkaRpcs.commitOffsets, message.body);
    if (problem) throw malformed(problem);
    for (const [key, offset] of Object.entries(message.body.offsets as Record<string, number | bigint>)) {
      if (Number.isSafeInteger(offset) && (offset as number) >= 0) store.commitOffset(key, offset as number);
    }
    return acknowledge({ type: 'commit_offsets_ok' });
  });
  node.on(kafkaRpcs.listCommittedOffsets.type, (message: Message) => {
    const problem = requestProblem(kafkaRpcs.listCommittedOffsets, message.body);
    if (problem) throw malformed(problem);
    const offsets: Record<string, number> = {};
    for (const key of message.body.keys as string[]) {
      const committed = store.committed(key);
      if (committed !== undefined) offsets[key] = committed;
    }
    return { type: 'list_committed_offsets_ok', offsets };
  });
}
