// Small random lin-kv histories for property tests, from fast-check commands so failures
// shrink. Two kinds: `chaotic` invents every result (mostly not linearizable once reads say
// something), `simulated` runs a real register (each op takes effect at one moment between its
// invocation and completion) and reports what it did, so it is linearizable unless `corrupt`
// changes one read. Both have :ok, :fail (a cas that found another value, or any op that had
// no effect), :info (which may or may not have taken effect) and ops left pending at the end.
import fc from 'fast-check';
import type { Op, OpType } from '../../../../src/runner/records/history.js';

export interface Command {
  process: number;
  f: 'read' | 'write' | 'cas';
  key: number;
  a: number;
  b: number;
  outcome: 'ok' | 'fail' | 'info';
  /** Chaotic: what a read returns (null or a value). Simulated: take effect at this command. */
  read: number | null;
  effect: boolean;
}

export interface Shape {
  processes: number;
  keys: number;
  /** Share of completions that are :info. */
  info: 'some' | 'many';
}

const command = ({ processes, keys, info }: Shape): fc.Arbitrary<Command> =>
  fc.record({
    process: fc.nat(processes - 1),
    f: fc.constantFrom('read', 'write', 'cas'),
    key: fc.nat(keys - 1),
    a: fc.nat(2),
    b: fc.nat(2),
    outcome: info === 'some' ? fc.constantFrom('ok', 'ok', 'ok', 'fail', 'info') : fc.constantFrom('ok', 'ok', 'fail', 'info', 'info', 'info'),
    read: fc.option(fc.nat(2), { freq: 4 }),
    effect: fc.boolean(),
  });

export const commands = (maxLength: number, shape: Partial<Shape> = {}): fc.Arbitrary<Command[]> =>
  fc.array(command({ processes: 4, keys: 2, info: 'some', ...shape }), { maxLength, minLength: maxLength >> 1 });

interface Builder {
  ops: Op[];
  push(type: OpType, process: number, f: string, value: unknown): void;
}

function builder(): Builder {
  const ops: Op[] = [];
  return { ops, push: (type, process, f, value) => void ops.push({ index: ops.length, time: ops.length * 1_000_000, type, process, f, value }) };
}

const invokeValue = (c: Command): unknown => (c.f === 'read' ? null : c.f === 'write' ? c.a : [c.a, c.b]);

/** Every result made up. */
export function chaotic(cmds: readonly Command[]): Op[] {
  const h = builder();
  const running = new Map<number, Command>();
  for (const c of cmds) {
    const mine = running.get(c.process);
    if (!mine) {
      running.set(c.process, c);
      h.push('invoke', c.process, c.f, [c.key, invokeValue(c)]);
      continue;
    }
    running.delete(c.process);
    const value = mine.f === 'read' && c.outcome === 'ok' ? c.read : invokeValue(mine);
    h.push(c.outcome, c.process, mine.f, [mine.key, value]);
  }
  return h.ops;
}

interface InFlight {
  c: Command;
  done: boolean;
  /** What the op saw when it took effect: a read's value, whether a cas matched. */
  saw?: unknown;
}

/** A real register per key: results are what happened, so the history is linearizable. */
export function simulated(cmds: readonly Command[], corrupt?: number): Op[] {
  const h = builder();
  const registers = new Map<number, unknown>();
  const running = new Map<number, InFlight>();
  const takeEffect = (op: InFlight): void => {
    const { c } = op;
    const current = registers.get(c.key) ?? null;
    op.done = true;
    if (c.f === 'read') op.saw = current;
    else if (c.f === 'write') registers.set(c.key, c.a);
    else if ((op.saw = current === c.a)) registers.set(c.key, c.b);
  };
  let reads = 0;
  for (const c of cmds) {
    const mine = running.get(c.process);
    if (!mine) {
      running.set(c.process, { c, done: false });
      h.push('invoke', c.process, c.f, [c.key, invokeValue(c)]);
      continue;
    }
    if (!mine.done && c.effect) {
      takeEffect(mine);
      continue;
    }
    running.delete(c.process);
    if (c.outcome === 'info') {
      h.push('info', c.process, mine.c.f, [mine.c.key, invokeValue(mine.c)]);
      continue;
    }
    const m = mine.c;
    if (!mine.done && c.outcome === 'fail') {
      // A definite failure: the op had no effect.
      h.push('fail', c.process, m.f, [m.key, invokeValue(m)]);
      continue;
    }
    if (!mine.done) takeEffect(mine);
    if (m.f === 'cas' && mine.saw === false) h.push('fail', c.process, 'cas', [m.key, invokeValue(m)]);
    else if (m.f === 'read') h.push('ok', c.process, 'read', [m.key, reads++ === corrupt ? (((mine.saw as number | null) ?? -1) + 1) % 3 : mine.saw]);
    else h.push('ok', c.process, m.f, [m.key, invokeValue(m)]);
  }
  return h.ops;
}
