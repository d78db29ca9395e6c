// Hostile values against the broadcast node in-process (two replicas on a virtual clock): a
// value is either refused with malformed-request or acknowledged, read back exactly, and
// replicated; nothing a client sends stops a node from serving reads or from replicating.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { valueLimits } from '../../src/crdt/value-limits.js';
import { createTestCluster, type TestCluster } from './router.js';

const limit = valueLimits.maxBytes;
const mib = 1024 * 1024;

/** A JSON text `depth` arrays or objects deep around 0. */
const nested = (depth: number, open = '['): string => `${open.repeat(depth)}0${(open === '[' ? ']' : '}').repeat(depth)}`;

/**
 * A value's identity for comparing what was sent with what was read: JSON with sorted keys,
 * except that numbers JSON cannot write (Infinity, NaN) stay distinct from null.
 */
function canon(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return `number:${v}`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** The node's set as canonical texts, from the read_ok line as written (it must be JSON). */
function readSet(cluster: TestCluster, node: string): Set<string> {
  const reply = cluster.request(node, { type: 'read' });
  expect(reply.body.type).toBe('read_ok');
  const parsed = JSON.parse(reply.line) as { body: { messages: unknown[] } };
  return new Set(parsed.body.messages.map(canon));
}

function broadcastRaw(cluster: TestCluster, node: string, text: string): { ok: boolean; code?: number; text?: string } {
  const { body } = cluster.request(node, { type: 'broadcast' }, { message: text });
  if (body.type === 'broadcast_ok') return { ok: true };
  return { ok: false, code: body.code as number, text: body.text as string };
}

describe('limits at the node', () => {
  test('a value nested past the limit is refused with 12 naming it; one at the limit is served and replicated', () => {
    const cluster = createTestCluster('broadcast', 11, 2);
    for (const depth of [valueLimits.maxDepth + 1, 3000, 100_000]) {
      for (const open of ['[', '{"a":']) {
        const reply = broadcastRaw(cluster, 'n1', nested(depth, open));
        expect(reply).toEqual({ ok: false, code: 12, text: expect.stringContaining(`more than ${valueLimits.maxDepth} levels deep`) });
      }
    }
    expect(broadcastRaw(cluster, 'n1', nested(valueLimits.maxDepth))).toEqual({ ok: true });
    expect(broadcastRaw(cluster, 'n1', nested(valueLimits.maxDepth, '{"a":'))).toEqual({ ok: true });
    cluster.request('n1', { type: 'broadcast', message: 1 });
    cluster.run(3000);
    const expected = new Set([nested(valueLimits.maxDepth), nested(valueLimits.maxDepth, '{"a":'), '1'].map((t) => canon(JSON.parse(t))));
    expect(readSet(cluster, 'n1')).toEqual(expected);
    expect(readSet(cluster, 'n2')).toEqual(expected);
    cluster.close();
  });

  test('a 4 MiB value is refused with 12 naming the limit; a value at the limit and those after it reach the peer', () => {
    const cluster = createTestCluster('broadcast', 12, 2);
    const big = 'y'.repeat(4 * mib);
    expect(cluster.request('n1', { type: 'broadcast', message: big }).body).toMatchObject({
      type: 'error',
      code: 12,
      text: expect.stringContaining(`larger than ${limit} bytes`),
    });
    const atLimit = 'x'.repeat(limit - 2); // its JSON text, quotes included, is exactly the limit
    expect(cluster.request('n1', { type: 'broadcast', message: atLimit }).body.type).toBe('broadcast_ok');
    expect(cluster.request('n1', { type: 'broadcast', message: `${atLimit}z` }).body.code).toBe(12);
    for (let v = 1; v <= 5; v++) cluster.request('n1', { type: 'broadcast', message: v });
    cluster.run(3000);
    const expected = new Set([atLimit, 1, 2, 3, 4, 5].map(canon));
    expect(readSet(cluster, 'n2')).toEqual(expected);
    cluster.close();
  });

  test('large values sent during a partition cross in one diff once it heals (more base64 than a regex could check)', () => {
    const cluster = createTestCluster('broadcast', 13, 2);
    cluster.isolate('n1');
    const values = Array.from({ length: 5 }, (_, i) => `${i}`.repeat(limit - 2));
    for (const v of values) expect(cluster.request('n1', { type: 'broadcast', message: v }).body.type).toBe('broadcast_ok');
    cluster.run(2000);
    cluster.heal();
    cluster.request('n1', { type: 'broadcast', message: 'after' });
    cluster.run(10_000);
    expect(readSet(cluster, 'n2')).toEqual(new Set([...values, 'after'].map(canon)));
    cluster.close();
  });
});

// JSON texts a client might send: ordinary JSON, numbers at the edges of a double, depth and
// size at and around the limits, strings of any code point, lone surrogates, "__proto__".
const oddNumbers = '-0 1e308 -1e308 1e400 -1e400 1e-400 1.5 5e-324 0.1 12345678901234567890123 9007199254740993 -9007199254740993'.split(' ');
// Values near the size limit cost tens of milliseconds each to carry and read: rarer.
const jsonText = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), weight: 4 },
  { arbitrary: fc.constantFrom(...oddNumbers), weight: 3 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 4000 }), fc.constantFrom('[', '{"k":')).map(([d, open]) => nested(d, open)), weight: 2 },
  { arbitrary: fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(valueLimits.maxDepth, 2200, 3100)).map(([d, base]) => nested(base + d)), weight: 2 },
  {
    arbitrary: fc.tuple(fc.integer({ min: -4, max: 4 }), fc.constantFrom('x', 'é', '€', '😀', '\n', '\u0001')).map(([d, ch]) => {
      const bytes = Buffer.byteLength(JSON.stringify(ch)) - 2;
      return JSON.stringify(ch.repeat(Math.floor((limit - 2) / bytes) + d));
    }),
    weight: 2,
  },
  // Wide rather than long: a few thousand elements (an array at the size limit holds half a
  // million and costs a second per hop; value-limits.test.ts has that boundary).
  { arbitrary: fc.integer({ min: 1000, max: 5000 }).map((n) => `[${'-0.5,'.repeat(n)}{}]`), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => JSON.stringify(s)), weight: 3 },
  { arbitrary: fc.string({ unit: fc.constantFrom('\ud800', '\udfff', 'a', '\u00e9'), minLength: 1, maxLength: 4 }).map((s) => JSON.stringify(s)), weight: 2 },
  { arbitrary: fc.constantFrom('{"__proto__":1}', '{"__proto__":{"a":1}}', '{"\\ud800":1}', '[null,true,false,{}]', '{"a":1,"a":2}'), weight: 2 },
);

test('property: arbitrary JSON never crashes a node, every acknowledged value is read back, replication goes on', () => {
  let seed = 100;
  fc.assert(
    fc.property(fc.array(jsonText, { minLength: 1, maxLength: 5 }), (texts) => {
      const cluster = createTestCluster('broadcast', seed++, 2);
      const acked = new Set<string>();
      for (const text of texts) {
        const reply = broadcastRaw(cluster, 'n1', text);
        if (reply.ok) acked.add(canon(JSON.parse(text)));
        else expect(reply.code, reply.text).toBe(12);
        const held = readSet(cluster, 'n1');
        for (const value of acked) expect(held.has(value), `acknowledged ${value.slice(0, 80)} but read lacks it`).toBe(true);
      }
      cluster.request('n1', { type: 'broadcast', message: 'sentinel' });
      cluster.run(5000);
      const n1 = readSet(cluster, 'n1');
      expect(n1).toEqual(new Set([...acked, canon('sentinel')]));
      expect(readSet(cluster, 'n2')).toEqual(n1);
      expect(cluster.strays).toEqual([]);
      cluster.close();
    }),
    { numRuns: 100 },
  );
});
