// Properties both counters must keep, run by g-counter.test.ts and pn-counter.test.ts against
// their own class: convergence to the exact sum under a lossy, duplicating, reordering network,
// and refusal of anything the counter itself would never write.
import fc from 'fast-check';
import * as Y from 'yjs';
import { expect } from 'vitest';
import type { DeltaCounter } from '../../src/crdt/counter.js';
import { InvalidUpdateError } from '../../src/crdt/store.js';

export type MakeCounter = (clientId: number) => DeltaCounter;

type Step =
  | { kind: 'add'; replica: number; delta: bigint }
  /** Puts a diff from `from` against what `to` holds now on the wire. */
  | { kind: 'send'; from: number; to: number }
  /** Delivers the in-flight diff at `index` (mod the pool); `keep` leaves a copy to duplicate. */
  | { kind: 'deliver'; index: number; keep: boolean }
  | { kind: 'drop'; index: number };

function stepArbitrary(replicas: number, delta: fc.Arbitrary<bigint>): fc.Arbitrary<Step> {
  const replica = fc.nat({ max: replicas - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('add' as const), replica, delta }),
    fc.record({ kind: fc.constant('send' as const), from: replica, to: replica }),
    fc.record({ kind: fc.constant('deliver' as const), index: fc.nat(), keep: fc.boolean() }),
    fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  );
}

/** Every replica ends at the exact sum of all deltas, whatever the network did before the final exchange. */
export function checkConvergence(make: MakeCounter, delta: fc.Arbitrary<bigint>, numRuns = 150): void {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 4 }).chain((replicas) => fc.tuple(fc.constant(replicas), fc.array(stepArbitrary(replicas, delta), { maxLength: 120 }))),
      ([replicas, steps]) => {
        const counters = Array.from({ length: replicas }, (_, i) => make(i + 1));
        const wire: { to: number; from: number; update: Uint8Array }[] = [];
        let expected = 0n;
        for (const step of steps) {
          switch (step.kind) {
            case 'add':
              counters[step.replica].add(step.delta);
              expected += step.delta;
              break;
            case 'send':
              if (step.from !== step.to) {
                wire.push({ from: step.from, to: step.to, update: counters[step.from].diff(counters[step.to].stateVector()) });
              }
              break;
            case 'deliver': {
              if (wire.length === 0) break;
              const i = step.index % wire.length;
              const message = wire[i];
              if (!step.keep) wire.splice(i, 1);
              counters[message.to].apply(message.update, `r${message.from}`);
              break;
            }
            case 'drop':
              if (wire.length > 0) wire.splice(step.index % wire.length, 1);
              break;
          }
        }
        fullExchange(counters);
        for (const counter of counters) {
          expect(counter.value()).toBe(expected);
          expect(typeof counter.value()).toBe('bigint');
        }
      },
    ),
    { numRuns },
  );
}

/** Two rounds of everyone-to-everyone diffs: enough for any replica to reach any other. */
export function fullExchange(counters: DeltaCounter[]): void {
  for (let round = 0; round < 2; round++) {
    for (const from of counters) {
      for (const to of counters) {
        if (from !== to) to.apply(from.diff(to.stateVector()), 'peer');
      }
    }
  }
}

/** Applying `update` throws InvalidUpdateError and leaves value and state vector as they were. */
export function expectRejected(counter: DeltaCounter, update: Uint8Array): void {
  const value = counter.value();
  const sv = counter.stateVector();
  expect(() => counter.apply(update, 'evil')).toThrow(InvalidUpdateError);
  expect(counter.value()).toBe(value);
  expect(counter.stateVector()).toEqual(sv);
}

/** An update from a raw Yjs writer that did whatever `write` does to its document. */
export function rawUpdate(write: (doc: Y.Doc) => void, clientId = 999): Uint8Array {
  const doc = new Y.Doc({ gc: false });
  doc.clientID = clientId;
  write(doc);
  return Y.encodeStateAsUpdate(doc);
}

/** Writes `values` the way a counter does: into a chunk of the counters' chunked log. */
export function pushChunk(doc: Y.Doc, values: unknown[], root = 'delta-chunks'): Y.Array<unknown> {
  const chunk = new Y.Array<unknown>();
  doc.getArray(root).push([chunk]);
  chunk.push(values);
  return chunk;
}

/** An update from a raw writer that put `values` into a chunk, as a counter writes them. */
export function rawDeltas(values: unknown[]): Uint8Array {
  return rawUpdate((d) => pushChunk(d, values));
}

/** Updates no counter writes, whichever its sign rule. */
export function foreignUpdates(): Record<string, Uint8Array> {
  return {
    'a float delta': rawDeltas([1.5]),
    'a zero delta': rawDeltas([0]),
    'a string that is not an integer': rawDeltas(['12abc']),
    'a small integer written as digits': rawDeltas(['5']),
    'digits with a leading zero': rawDeltas(['09007199254740993']),
    'a huge digit string': rawDeltas(['9'.repeat(5000)]),
    null: rawDeltas([null]),
    'an object': rawDeltas([{ delta: 1 }]),
    'a nested array': rawDeltas([[1]]),
    'a chunk inside a chunk': rawDeltas([new Y.Array()]),
    'a map instead of a chunk': rawUpdate((d) => d.getArray('delta-chunks').push([new Y.Map()])),
    'deltas outside a chunk': rawUpdate((d) => d.getArray('delta-chunks').push([1, 2])),
    'a map entry on the root': rawUpdate((d) => d.getMap('delta-chunks').set('k', 1)),
    'another root': rawUpdate((d) => pushChunk(d, [1], 'other')),
    'text content': rawUpdate((d) => d.getText('delta-chunks').insert(0, 'hi')),
    'a deletion': rawUpdate((d) => pushChunk(d, [1, 2]).delete(0, 1)),
    'the encoding before chunks (one flat array under "deltas")': rawUpdate((d) => d.getArray('deltas').push([1, 2])),
    'garbage bytes': new Uint8Array([1, 2, 3, 4, 5, 6]),
    'a truncated update': rawDeltas([1, 2, 3]).slice(0, 6),
  };
}

/** The sum of the deltas in `update` whose ids lie between state vectors `before` and `after`. */
function integratedDeltas(update: Uint8Array, before: Map<number, number>, after: Map<number, number>): bigint {
  let sum = 0n;
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    struct.content.getContent().forEach((stored, k) => {
      const clock = struct.id.clock + k;
      if (clock >= (before.get(struct.id.client) ?? 0) && clock < (after.get(struct.id.client) ?? 0)) sum += BigInt(stored as number | string);
    });
  }
  return sum;
}

/** Random byte flips of a valid diff: each is either refused cleanly, or accepted and counted exactly. */
export function checkMutations(make: MakeCounter): void {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      (deltas, flips) => {
        const source = make(1);
        for (const d of deltas) source.add(d);
        const update = source.diff();
        for (const [at, byte] of flips) update[at % update.length] = byte;
        const target = make(2);
        target.add(7);
        const value = target.value();
        const sv = target.stateVector();
        try {
          target.apply(update, 'peer');
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidUpdateError);
          expect(target.value()).toBe(value);
          expect(target.stateVector()).toEqual(sv);
          return;
        }
        // Accepted: the value grew by exactly the deltas the document integrated (Yjs holds back
        // structs whose dependencies are missing), and a replica rebuilt from the target's
        // document agrees with its running sum.
        expect(target.value()).toBe(value + integratedDeltas(update, sv, target.stateVector()));
        const rebuilt = make(3);
        rebuilt.apply(target.diff(), 'target');
        expect(rebuilt.value()).toBe(target.value());
      },
    ),
    { numRuns: 300 },
  );
}
