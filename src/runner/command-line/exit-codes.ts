// Jepsen's CLI exit statuses, which `maelstrom test` uses and scripts read (Jepsen's cli.clj).
import type { Validity } from '../checkers/valid.js';

export const exitCodes = {
  valid: 0,
  invalid: 1,
  unknown: 2,
  /** Invalid arguments or usage. */
  usage: 254,
  /** The test crashed (a node exited, never answered init, …) or the runner failed. */
  crashed: 255,
} as const;

export function exitCodeFor(valid: Validity): number {
  return valid === true ? exitCodes.valid : valid === false ? exitCodes.invalid : exitCodes.unknown;
}
