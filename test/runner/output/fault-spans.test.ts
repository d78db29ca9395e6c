// Nemesis operations become shaded spans (opener's completion to closer's completion) and point
// marks, whatever the fault kind, in either of Jepsen's encodings of an action.
import { describe, expect, it } from 'vitest';
import { createFaultTracker, type NemesisOp } from '../../../src/runner/output/fault-spans.js';

const run = (ops: NemesisOp[], endS = 100): ReturnType<ReturnType<typeof createFaultTracker>['finish']> => {
  const tracker = createFaultTracker();
  for (const op of ops) tracker.add(op);
  return tracker.finish(endS);
};
const info = (t: number, f: string, value: unknown = null): NemesisOp => ({ t, type: 'info', f, value });

describe('fault spans', () => {
  it('shades a partition from the start completion to the stop completion, labelled by its shape', () => {
    const { spans, marks } = run([
      info(1, 'start-partition', 'majorities-ring'),
      info(1.1, 'start-partition', ['isolated', { n0: ['n1'] }]),
      info(5, 'stop-partition'),
      info(5.2, 'stop-partition', 'network-healed'),
    ]);
    expect(spans).toEqual([{ kind: 'partition', start: 1.1, end: 5.2, label: 'majorities-ring' }]);
    expect(marks).toEqual([]);
  });

  it('pairs kill with start and pause with resume, labelled by the targets, and overlapping kinds apart', () => {
    const { spans } = run([
      info(1, 'kill', ['n1', 'n2']),
      info(1.5, 'kill', ['n1', 'n2']),
      { t: 2, type: 'invoke', f: 'pause', value: ['n3'] },
      { t: 2.5, type: 'info', f: 'pause', value: ['n3'] },
      info(3, 'start', ['n1', 'n2']),
      info(3.5, 'start', ['n1', 'n2']),
      { t: 4, type: 'invoke', f: 'resume', value: ['n3'] },
      { t: 4.5, type: 'info', f: 'resume', value: ['n3'] },
    ]);
    expect(spans).toEqual([
      { kind: 'kill', start: 1.5, end: 3.5, label: 'n1 n2' },
      { kind: 'pause', start: 2.5, end: 4.5, label: 'n3' },
    ]);
  });

  it('marks fault notes one by one and closes a span the run never healed at its end', () => {
    const { spans, marks } = run(
      [info(1, 'fault', 'drop 10%'), info(2, 'fault', 'duplicate 5%'), info(3, 'start-clock-skew', 'x'), info(3, 'start-clock-skew', 'x')],
      42,
    );
    expect(marks).toEqual([
      { t: 1, f: 'fault', label: 'drop 10%' },
      { t: 2, f: 'fault', label: 'duplicate 5%' },
    ]);
    expect(spans).toEqual([{ kind: 'clock-skew', start: 3, end: 42, label: 'x' }]);
  });

  it('ignores a stop with nothing open', () => {
    expect(run([info(1, 'stop-partition'), info(1, 'stop-partition')]).spans).toEqual([]);
  });
});
