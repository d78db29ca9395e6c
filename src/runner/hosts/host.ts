// What the runner needs of a node under test, whichever way it runs: a spawned process speaking
// JSON lines (process-host.ts) or ygossip's own node code in-process (in-process-host.ts).
import type { Message, NodeId } from '../../maelstrom/message.js';

export interface NodeHostEvents {
  /** A well-formed envelope the node wrote (Maelstrom's envelope rules, net/envelope.ts). */
  onMessage(message: Message): void;
  /** A line the node wrote that is not a valid envelope; the host has dropped it. */
  onGarbage(line: string, reason: string): void;
  /** The node ended on its own (a crash: nodes are meant to run until killed). */
  onExit(code: number | null, signal: string | null): void;
}

export interface NodeHost {
  readonly id: NodeId;
  /** Hands the node one message, written as one compact JSON line (`line` when the caller has
   *  it already: formatExactJson(message)). Dropped once it is dead. */
  deliver(message: Message, line?: string): void;
  /** Ends the node at teardown; resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
  /** The nemesis's kill: SIGKILL, nothing flushed; resolves once it is gone. Not a crash. */
  kill(): Promise<void>;
  /** The nemesis's pause and resume: SIGSTOP and SIGCONT. Input waits while it is stopped. */
  pause(): void;
  resume(): void;
}

/** `incarnation` counts from 1; a node started again after a kill gets the next one. */
export type NodeHostFactory = (id: NodeId, events: NodeHostEvents, incarnation: number) => NodeHost;
