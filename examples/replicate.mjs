// Two Maelstrom-style nodes keep a PN-counter in step with the Replicator, over an in-memory
// network (each written line is handed to the addressed node). Run after a build:
// `node build.mjs && node examples/replicate.mjs`.
import { PNCounter, NodeRuntime, Replicator, directOverlay, gossipType, createMemoryTransport, systemClock, silentLogger } from 'ygossip';

const ids = ['n1', 'n2'];
const nodes = new Map();
const counters = new Map();
for (const id of ids) {
  // A transport that hands each written line to the addressed node (a real network in practice).
  const transport = createMemoryTransport((line) => {
    const { dest } = JSON.parse(line);
    setImmediate(() => nodes.get(dest)?.receive(line));
  });
  const node = new NodeRuntime({ transport, clock: systemClock, logger: silentLogger });
  const counter = new PNCounter();
  node.onInit(({ nodeId, nodeIds }) => {
    const replicator = new Replicator({
      store: counter,
      self: nodeId,
      nodeIds,
      overlay: directOverlay(),
      net: node,
      clock: node.clock,
      logger: node.logger,
      random: Math.random,
    });
    node.on(gossipType, (m) => void replicator.handleGossip(m));
    replicator.start();
  });
  nodes.set(id, node.start());
  counters.set(id, counter);
  node.receive(JSON.stringify({ src: 'c0', dest: id, body: { type: 'init', node_id: id, node_ids: ids, msg_id: 1 } }));
}
counters.get('n1').add(5);
counters.get('n2').add(-2);
setTimeout(() => {
  console.log('n1 reads', counters.get('n1').value(), '· n2 reads', counters.get('n2').value());
  for (const n of nodes.values()) n.close();
}, 200);
