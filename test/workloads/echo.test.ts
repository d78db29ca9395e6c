// The echo node returns whatever it is sent, at any depth: echo stores nothing, so the store's
// limits (128 levels) do not apply, and a value JSON.stringify cannot write still goes back (as
// Maelstrom's own echo servers send it back).
import { expect, test } from 'vitest';
import { formatDeepJson } from '../../src/maelstrom/codec.js';
import { createMemoryTransport } from '../../src/maelstrom/transport.js';
import { createVirtualClock } from '../../src/runner/sim/virtual-clock.js';
import { createWorkloadNode } from '../../src/workloads/index.js';

test.each([0, 200, 5_000, 20_000])('a value nested %i levels deep comes back as sent', (depth) => {
  const lines: string[] = [];
  const transport = createMemoryTransport((line) => lines.push(line));
  const node = createWorkloadNode('echo', { transport, clock: createVirtualClock(), logger: { log: () => {} }, random: () => 0.5 });
  transport.deliver('{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}');
  const value = `${'[{"a":'.repeat(depth / 2)}"Please echo 7"${'}]'.repeat(depth / 2)}`;
  transport.deliver(`{"src":"c1","dest":"n1","body":{"type":"echo","echo":${value},"msg_id":2}}`);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe(`{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":${value},"in_reply_to":2}}`);
  expect(formatDeepJson(JSON.parse(lines[1]).body.echo)).toBe(value);
  void node.close();
});
