// A promise-like that runs its callbacks synchronously when it settles. The simulation's virtual
// clock runs its timers in one synchronous loop and no microtask runs between two timers, so a
// node that awaited a native Promise there would answer only when the runner next yielded, at
// the wrong virtual time. A disk write that becomes durable inside a timer must let the node
// reply inside that same timer: the simulated disk, the log over it and the node's persistence
// chain Completions with then() and never use await. Real files resolve them from native
// promises, and `await completion` works wherever timing does not matter.
//
// Unlike a Promise, a rejection nobody handles is silent: every chain here ends in a handler.

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

export class Completion<T> implements PromiseLike<T> {
  private outcome: Outcome<T> | undefined;
  private adopting = false;
  private readonly callbacks: ((outcome: Outcome<T>) => void)[] = [];

  static resolved<T>(value: T | PromiseLike<T>): Completion<T> {
    const c = new Completion<T>();
    c.resolve(value);
    return c;
  }

  static rejected<T = never>(error: unknown): Completion<T> {
    const c = new Completion<T>();
    c.reject(error);
    return c;
  }

  /** Settles once every one has fulfilled (with their values), or at the first rejection. */
  static all<T>(items: readonly PromiseLike<T>[]): Completion<T[]> {
    const all = new Completion<T[]>();
    const values: T[] = new Array(items.length);
    let left = items.length;
    if (left === 0) all.resolve(values);
    items.forEach((item, i) => {
      item.then(
        (value) => {
          values[i] = value;
          if (--left === 0) all.resolve(values);
        },
        (error) => all.reject(error),
      );
    });
    return all;
  }

  get settled(): boolean {
    return this.outcome !== undefined;
  }

  /** Fulfils with `value`, or follows it when it is itself a thenable. Later calls are ignored. */
  resolve(value: T | PromiseLike<T>): void {
    if (this.outcome || this.adopting) return;
    if (isThenable(value)) {
      this.adopting = true;
      value.then(
        (v) => this.settle({ ok: true, value: v }),
        (error) => this.settle({ ok: false, error }),
      );
      return;
    }
    this.settle({ ok: true, value });
  }

  reject(error: unknown): void {
    if (this.outcome || this.adopting) return;
    this.settle({ ok: false, error });
  }

  // biome-ignore lint/suspicious/noThenProperty: a Completion is awaited by design (a PromiseLike that settles synchronously)
  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((error: unknown) => B | PromiseLike<B>) | null,
  ): Completion<A | B> {
    const next = new Completion<A | B>();
    this.subscribe((outcome) => {
      try {
        if (outcome.ok) next.resolve(onFulfilled ? onFulfilled(outcome.value) : (outcome.value as unknown as A));
        else if (onRejected) next.resolve(onRejected(outcome.error));
        else next.reject(outcome.error);
      } catch (e) {
        next.reject(e);
      }
    });
    return next;
  }

  private subscribe(callback: (outcome: Outcome<T>) => void): void {
    if (this.outcome) callback(this.outcome);
    else this.callbacks.push(callback);
  }

  private settle(outcome: Outcome<T>): void {
    if (this.outcome) return;
    this.outcome = outcome;
    for (const callback of this.callbacks.splice(0)) callback(outcome);
  }
}
