#!/usr/bin/env node
// Gossip Glomers challenge 4 (a grow-only counter) on Maelstrom's seq-kv service, correct under
// seq-kv's exact semantics. Each node adds to a key of its own (it is that key's only writer, so
// no cas loop) and a read sums every node's key. seq-kv answers a request that changes nothing
// (every read) from any state between the newest and the last one this node observed, and only a
// change brings that view up to date: so before reading, the node writes a fresh value to a
// scratch key of its own. A key never written reads as error 20: that is 0.
//
// Run after a build (`node build.mjs`):
//   bin/ygossip test -w g-counter --bin examples/g-counter-seq-kv.mjs --node-count 3 --rate 100 --time-limit 20 --nemesis partition
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const kv = 'seq-kv';
const rpcTimeoutMs = 1000;

/**
 * The counter's handlers on a ygossip NodeRuntime (or anything with its on/rpc/reply/id/nodeIds).
 * Written with callbacks rather than promises, so the same code runs in ygossip's simulation,
 * whose virtual clock does not wait for promise continuations. `catchUp: false` leaves out the
 * scratch write before a read: the naive node whose totals can be stale
 * (test/fixtures/g-counter-seq-kv-naive.mjs). `random` makes the scratch values unique.
 */
export function gCounterOnSeqKv(node, { catchUp = true, random = Math.random } = {}) {
  const call = (body, onReply, onError) => node.rpc(kv, body, rpcTimeoutMs, (r) => (r.ok ? onReply(r.body) : onError(r.error)));
  const readKey = (key, onValue, onError) =>
    call(
      { type: 'read', key },
      (reply) => onValue(reply.value),
      (e) => (e.code === 20 ? onValue(0) : onError(e)),
    );
  // Unique per process, so no scratch write ever equals an older one: a write of the value
  // already there changes nothing, and a request that changes nothing does not catch up.
  const token = Math.floor(random() * 2 ** 32).toString(36);
  let scratch = 0;
  const catchUpThen = (next, onError) => {
    if (!catchUp) return next();
    call({ type: 'write', key: `${node.id}-sync`, value: `${token}-${++scratch}` }, () => next(), onError);
  };
  const refuse = (message) => (error) => node.reply(message, { type: 'error', code: error.code, text: error.message });

  // Adds run one at a time: this node is its key's only writer, and each write carries the
  // total of every add before it. `own` is read once (after a catch-up) on the first add.
  let own;
  const queue = [];
  const nextAdd = () => {
    const message = queue[0];
    if (message === undefined) return;
    const finish = (body) => {
      node.reply(message, body);
      queue.shift();
      nextAdd();
    };
    const failed = (error) => finish({ type: 'error', code: error.code, text: error.message });
    const write = () => {
      // Counted before the write is acknowledged: if it times out, a later write carries it
      // anyway, which a failed add allows (the checker treats it as maybe applied).
      own += message.body.delta;
      call({ type: 'write', key: node.id, value: own }, () => finish({ type: 'add_ok' }), failed);
    };
    if (own !== undefined) return write();
    catchUpThen(
      () =>
        readKey(
          node.id,
          (value) => {
            own = value;
            write();
          },
          failed,
        ),
      failed,
    );
  };
  node.on('add', (message) => {
    queue.push(message);
    if (queue.length === 1) nextAdd();
  });

  node.on('read', (message) => {
    const failed = refuse(message);
    catchUpThen(() => {
      let left = node.nodeIds.length;
      let sum = 0;
      let over = false;
      for (const id of node.nodeIds) {
        readKey(
          id,
          (value) => {
            sum += value;
            if (--left === 0 && !over) node.reply(message, { type: 'read_ok', value: sum });
          },
          (error) => {
            if (!over) failed(error);
            over = true;
          },
        );
      }
    }, failed);
  });
}

/** The node on stdin and stdout. */
export async function main(options) {
  const { NodeRuntime, createStdioTransport, systemClock, stderrLogger } = await import('ygossip');
  const node = new NodeRuntime({ transport: createStdioTransport(), clock: systemClock, logger: stderrLogger });
  gCounterOnSeqKv(node, options);
  node.start();
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
