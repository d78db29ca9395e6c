// The model's states as small integers, and its steps remembered per (operation, state): the
// search asks the same question many times (a register has a handful of states), and integers
// make a configuration cheap to hash and compare.
import { Refusal, type Model, type ModelOp } from './model.js';
import type { ValueKey } from '../value-key.js';

const unknownStep = -2;
export const refused = -1;
/** Beyond this many table cells (ops × states) the steps are computed afresh each time. */
const maxCells = 1 << 24;

export class Transitions<S> {
  readonly states: S[] = [];
  private readonly ids = new Map<ValueKey, number>();
  private table: Int32Array | undefined;
  private width = 8;
  readonly init: number;

  constructor(
    readonly model: Model<S>,
    private readonly ops: readonly ModelOp[],
  ) {
    this.table = ops.length * this.width <= maxCells ? new Int32Array(ops.length * this.width).fill(unknownStep) : undefined;
    this.init = this.intern(model.init);
  }

  /** The state after op `op` in state `state`, or `refused`. */
  next(op: number, state: number): number {
    const table = this.table;
    if (table !== undefined && state < this.width) {
      const cell = op * this.width + state;
      const known = table[cell];
      if (known !== unknownStep) return known;
      const computed = this.compute(op, state);
      // compute may have widened the table: store into the current one.
      if (this.table !== undefined && state < this.width) this.table[op * this.width + state] = computed;
      return computed;
    }
    return this.compute(op, state);
  }

  /** Why op `op` cannot take effect in state `state` (only meaningful when next() refused). */
  refusal(op: number, state: number): string {
    const r = this.model.step(this.states[state], this.ops[op]);
    return r instanceof Refusal ? r.reason : '';
  }

  private compute(op: number, state: number): number {
    const r = this.model.step(this.states[state], this.ops[op]);
    return r instanceof Refusal ? refused : this.intern(r);
  }

  private intern(s: S): number {
    const key = this.model.stateKey(s);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.states.length;
      this.states.push(s);
      this.ids.set(key, id);
      if (id >= this.width) this.widen();
    }
    return id;
  }

  private widen(): void {
    const old = this.table;
    if (old === undefined) return;
    const width = this.width * 2;
    if (this.ops.length * width > maxCells) {
      this.table = undefined;
      return;
    }
    const table = new Int32Array(this.ops.length * width).fill(unknownStep);
    for (let op = 0; op < this.ops.length; op++) table.set(old.subarray(op * this.width, (op + 1) * this.width), op * width);
    this.table = table;
    this.width = width;
  }
}
