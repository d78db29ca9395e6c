// Properties of the txn checkers over random histories: a history produced by a serial
// execution (with real time and process order consistent with it) is valid under every model
// Elle knows; the same history with an anomaly planted on fresh keys is caught, under the
// weakest model that forbids it, as that anomaly, and where only real-time or process order
// reveals the anomaly, the model without that order still calls the history valid.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allModels, canonicalModelName, checkListAppend, checkTxnRwRegister, type TxnResult } from '../../../../src/runner/checkers/txn/index.js';
import { serialTxnHistory, type TxnWorkload } from '../../../helpers/serial-txn-history.js';
import { txnHistory } from '../../../helpers/txn-history.js';
import { appendPlants, planted, registerPlants } from '../../../helpers/txn-plants.js';

const checkers: Record<TxnWorkload, (ops: ReturnType<typeof txnHistory>, models: string[]) => TxnResult> = {
  'list-append': (ops, models) => checkListAppend(ops, { consistencyModels: models }),
  'rw-register': (ops, models) => checkTxnRwRegister(ops, { consistencyModels: models }),
};

const histories = fc.record({
  seed: fc.integer(),
  txns: fc.integer({ min: 30, max: 90 }),
  keyCount: fc.integer({ min: 2, max: 6 }),
  maxTxnLength: fc.integer({ min: 1, max: 4 }),
  maxWritesPerKey: fc.integer({ min: 2, max: 16 }),
});

describe.each(['list-append', 'rw-register'] as const)('%s: serial executions', (workload) => {
  it('are valid under every consistency model', () => {
    // One name per model: the friendly names are aliases of canonical ones.
    const models = [...new Set([...allModels].map(canonicalModelName))];
    fc.assert(
      fc.property(histories, (h) => {
        const ops = txnHistory(serialTxnHistory({ ...h, workload }));
        for (const m of models) expect(checkers[workload](ops, [m]), `${m}, seed ${h.seed}`).toMatchObject({ 'valid?': true });
      }),
      { numRuns: 6 },
    );
  });

  it('are valid under strict serializability however hot the keys and long the transactions', () => {
    fc.assert(
      fc.property(histories, (h) => {
        const ops = txnHistory(serialTxnHistory({ ...h, txns: 200, workload, failRate: 0.1, infoRate: 0.1 }));
        expect(checkers[workload](ops, ['strict-serializable'])).toMatchObject({ 'valid?': true });
      }),
      { numRuns: 10 },
    );
  });
});

describe.each([
  ['list-append', appendPlants],
  ['rw-register', registerPlants],
] as const)('%s: planted anomalies', (workload, plants) => {
  it.each(plants.map((p) => [p.type, p]))('%s is caught as itself', (_, plant) => {
    fc.assert(
      fc.property(histories, fc.double({ min: 0, max: 1, noNaN: true }), (h, where) => {
        const ops = txnHistory(planted(serialTxnHistory({ ...h, workload }), plant, where));
        const r = checkers[workload](ops, [plant.model]);
        expect(r['valid?'], `seed ${h.seed}`).toBe(false);
        expect(r['anomaly-types'], `seed ${h.seed}`).toContain(plant.type);
        if (plant.validUnder) expect(checkers[workload](ops, [plant.validUnder]), `seed ${h.seed}`).toMatchObject({ 'valid?': true });
      }),
      { numRuns: 6 },
    );
  });
});
