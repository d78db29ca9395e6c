// Jepsen's independent/concurrent-generator (independent.clj): the client threads split into
// groups of `groupSize` consecutive thread numbers; each group works on one key at a time, with
// a generator made for that key, and takes the next unused key (0, 1, 2, …) when that generator
// is exhausted. The thread count must be a multiple of the group size (Jepsen asserts it at the
// first operation; the runner refuses such options before the test starts).
import type { Random } from '../base/random.js';
import { randomInt } from '../base/random.js';
import { restrict, type GeneratorContext, type OpGenerator } from './generator.js';

/** Why `threads` threads cannot run keys with `groupSize` threads each, in Jepsen's words; or undefined. */
export function groupProblem(threads: number, groupSize: number): string | undefined {
  if (groupSize > threads) {
    return `${threads} client threads cannot run a key with ${groupSize} threads concurrently`;
  }
  if (threads % groupSize !== 0) {
    return `of ${threads} client threads only ${threads - (threads % groupSize)} could run keys with ${groupSize} threads apiece`;
  }
  return undefined;
}

export function concurrentGenerator<O>(groupSize: number, perKey: (key: number) => OpGenerator<O>, random: Random): OpGenerator<O> {
  let nextKey = 0;
  const gens: OpGenerator<O>[] = [];
  const groupOf = (thread: number): number => Math.floor(thread / groupSize);
  const fresh = (): OpGenerator<O> => perKey(nextKey++);

  const ask = (group: number, ctx: GeneratorContext): ReturnType<OpGenerator<O>['next']> => {
    const groupCtx = restrict(ctx, (t) => groupOf(t) === group);
    let generated = gens[group].next(groupCtx);
    if (generated !== 'exhausted') return generated;
    // The key is done: the group moves to the next key at once (Jepsen retries the same group).
    gens[group] = fresh();
    generated = gens[group].next(groupCtx);
    if (generated === 'exhausted') throw new Error(`a fresh key's generator had no operation for group ${group} (its process limit is below the group size)`);
    return generated;
  };

  return {
    next(ctx) {
      if (gens.length === 0) {
        const problem = groupProblem(ctx.threads.length, groupSize);
        if (problem !== undefined) throw new Error(problem);
        for (let g = 0; g < ctx.threads.length / groupSize; g++) gens.push(fresh());
      }
      // Every free group could offer an op at this instant; Jepsen breaks the tie at random.
      const groups = [...new Set(ctx.free.map((t) => groupOf(t.thread)))];
      while (groups.length > 0) {
        const group = groups.splice(randomInt(random, 0, groups.length - 1), 1)[0];
        const generated = ask(group, ctx);
        if (generated !== 'pending') return generated;
      }
      return 'pending';
    },
    update(completion, thread) {
      gens[groupOf(thread.thread)]?.update?.(completion, thread);
    },
  };
}
