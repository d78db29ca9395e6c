import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kafkaHistory } from '../../../helpers/kafka-history.js';
import { judged } from './kafka-builder.js';

const settings = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  operations: fc.integer({ min: 60, max: 400 }),
  nodes: fc.integer({ min: 1, max: 3 }),
  replicationMs: fc.integer({ min: 0, max: 30 }),
  timeoutP: fc.constantFrom(0, 0.01, 0.05),
  failP: fc.constantFrom(0, 0.01, 0.05),
});

describe('kafka checker on histories from a log service', () => {
  it('judges every history of a correct log valid', () => {
    fc.assert(
      fc.property(settings, (o) => {
        const r = judged(kafkaHistory(o));
        expect(r['error-types']).toEqual([]);
        expect(r['valid?']).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('catches a poll that silently leaves out one message of a correct history', () => {
    fc.assert(
      fc.property(settings, fc.nat(), (o, pick) => {
        const ops = kafkaHistory(o);
        const acked = new Set(
          ops
            .filter((op) => op.f === 'send' && op.type === 'ok')
            .map((op) => {
              const [[, k, [, v]]] = op.value as [[string, string, [number, unknown]]];
              return JSON.stringify([k, v]);
            }),
        );
        // Polls with a key of at least three messages whose middle one an ok send acknowledged.
        const candidates = ops.flatMap((op, i) =>
          op.f === 'poll' && op.type === 'ok'
            ? Object.entries((op.value as [[string, Record<string, [number, unknown][]>]])[0][1])
                .filter(([k, pairs]) => pairs.length >= 3 && acked.has(JSON.stringify([k, pairs[1][1]])))
                .map(([k]) => ({ i, k }))
            : [],
        );
        fc.pre(candidates.length > 0);
        const { i, k } = candidates[pick % candidates.length];
        const mutated = ops.slice();
        const msgs = { ...(ops[i].value as [[string, Record<string, [number, unknown][]>]])[0][1] };
        msgs[k] = msgs[k].filter((_, j) => j !== 1);
        mutated[i] = { ...ops[i], value: [['poll', msgs]] };
        const r = judged(mutated);
        expect(r['valid?']).toBe(false);
        expect(r['bad-error-types']).toContain('int-poll-skip');
      }),
      { numRuns: 30 },
    );
  });

  it('names the anomalies of a node that drops one acknowledged send in fifty', () => {
    const r = judged(kafkaHistory({ seed: 7, operations: 1500, fault: 'drop-acked' }));
    expect(r['valid?']).toBe(false);
    expect(r['bad-error-types']).toEqual(expect.arrayContaining(['int-poll-skip', 'lost-write', 'unseen']));
  });

  it('names the anomalies of nodes that each keep their own log', () => {
    const r = judged(kafkaHistory({ seed: 7, operations: 1500, fault: 'split-logs' }));
    expect(r['valid?']).toBe(false);
    expect(r['bad-error-types']).toContain('inconsistent-offsets');
  });
});
