// Named one-shot timers on the injected clock: at most one per name, each remembering when it is
// due, all cleared at once when the owner stops. The Replicator keeps its batches, repair, probes
// and rounds here, so nothing it arms outlives it.
import type { Clock } from '../maelstrom/clock.js';

export class Timers {
  private readonly pending = new Map<string, { due: number; cancel: () => void }>();

  /** `afterEach` runs after every callback (the Replicator re-arms its failover timer there). */
  constructor(
    private readonly clock: Clock,
    private readonly afterEach: () => void = () => {},
  ) {}

  /** Arms `name` (replacing it if armed) to run `fn` after `delayMs`. */
  set(name: string, delayMs: number, fn: () => void): void {
    this.clear(name);
    const cancel = this.clock.setTimer(Math.max(0, delayMs), () => {
      this.pending.delete(name);
      fn();
      this.afterEach();
    });
    this.pending.set(name, { due: this.clock.now() + Math.max(0, delayMs), cancel });
  }

  has(name: string): boolean {
    return this.pending.has(name);
  }

  /** When `name` fires, if armed. */
  due(name: string): number | undefined {
    return this.pending.get(name)?.due;
  }

  clear(name: string): void {
    this.pending.get(name)?.cancel();
    this.pending.delete(name);
  }

  clearAll(): void {
    for (const { cancel } of this.pending.values()) cancel();
    this.pending.clear();
  }
}
