// Maelstrom's txn-rw-register workload (Gossip Glomers 6a–6c) on a replicated register map:
// a transaction runs whole, at once, on this node's replica. Its reads see the replica's
// committed state and the transaction's own earlier writes; its last write to each key goes into
// the store as ONE Yjs transaction, so another transaction (here or on a peer, after gossip)
// sees all of its writes or none, and never a value it wrote and then overwrote. Nothing
// waits for a peer: the node answers from its replica through any partition and never aborts,
// which makes it totally available and read committed (docs/TXN-NODE.md says which stronger
// models it does and does not give, with the checker's evidence).
import { RegisterMap } from '../crdt/register-map.js';
import { InvalidValueError } from '../crdt/value-limits.js';
import { valueKey } from '../crdt/g-set.js';
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { serveReplicated } from './replicated.js';
import { requestProblem, txnRwRegisterRpcs } from './rpc.js';

type Mop = [f: 'r' | 'w', key: unknown, value: unknown];

/** Runs `txn` on `store`: the completed micro-ops, and the last value written to each key. */
function runTxn(store: RegisterMap, txn: readonly Mop[]): { completed: Mop[]; writes: Map<string, unknown> } {
  const writes = new Map<string, unknown>();
  const completed = txn.map(([f, key, value]): Mop => {
    const name = valueKey(key);
    if (f === 'w') {
      writes.set(name, value);
      return [f, key, value];
    }
    const seen = writes.has(name) ? writes.get(name) : store.read(name);
    return [f, key, seen === undefined ? null : seen];
  });
  return { completed, writes };
}

export function serveTxnRwRegister(ctx: WorkloadContext): RegisterMap {
  const store = new RegisterMap({ clientId: ctx.clientId });
  const { acknowledge } = serveReplicated({ ...ctx, store });
  const rpc = txnRwRegisterRpcs.txn;
  ctx.node.on(rpc.type, (message) => {
    const problem = requestProblem(rpc, message.body);
    if (problem) throw malformed(problem);
    // Maelstrom's schema lets a sequence be null: an empty transaction.
    const { completed, writes } = runTxn(store, (message.body.txn ?? []) as Mop[]);
    try {
      if (writes.size > 0) store.write(writes);
    } catch (e) {
      if (e instanceof InvalidValueError) throw malformed(`a written ${e.message}`);
      throw e;
    }
    return acknowledge({ type: `${rpc.type}_ok`, txn: completed });
  });
  return store;
}
