// Porcupine's etcd model as a model of ours (the interface lets other semantics plug in): the
// same register as Knossos's cas-register, except that a failed cas is kept and means "the
// register did not hold from", and a nil read means "the key did not exist". Used to compare
// verdicts and times with Porcupine on the same problem.
import { casRegister, formatValue, Refusal, type Model } from '../../src/runner/checkers/linearizability/index.js';
import { valuesEqual } from '../../src/runner/checkers/value-key.js';

export const etcdModel: Model<unknown> = {
  ...casRegister,
  name: 'etcd (Porcupine)',
  keepsFailures: true,
  step(state, op) {
    if (op.f === 'read' && op.value === null) return state === null ? state : new Refusal(`can't read nil from register ${formatValue(state)}`);
    if (op.f !== 'cas' || op.outcome !== 'fail') return casRegister.step(state, op);
    const [from] = op.value as [unknown, unknown];
    return valuesEqual(from, state) ? new Refusal(`cas from ${formatValue(from)} failed, yet the register held it`) : state;
  },
  droppable: ({ f, value, outcome }) =>
    outcome === 'unknown' && (f === 'read' || (f === 'cas' && valuesEqual((value as unknown[])[0], (value as unknown[])[1]))),
};
