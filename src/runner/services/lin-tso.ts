// Maelstrom's lin-tso (service.clj, Linearizable over PersistentTSO): a timestamp oracle that
// answers `ts` with 0, 1, 2, … in the order requests reach it, shared by every node.
import type { Service } from './service.js';

export function createLinTso(): Service {
  let next = 0;
  return {
    id: 'lin-tso',
    handle: (_src, body) => (body.type === 'ts' ? { type: 'ts_ok', ts: next++ } : undefined),
  };
}
