// The cycle anomalies Elle searches for (elle/txn.clj cycle-anomaly-specs), in Elle's search
// order, and how a found cycle is named from the relations of its edges (Elle's
// cycle-explainer): one rw edge is G-single-item, several are G2-item when two sit side by
// side (cyclically) and G-nonadjacent-item otherwise, else a wr edge makes G1c and ww alone G0;
// a realtime edge adds -realtime, else a process edge adds -process.
import { compareAnomalies } from './consistency-model.js';
import { PROCESS, REALTIME, RW, WR, WW } from './graph.js';

export interface CycleSpec {
  readonly type: string;
  /** Relations any edge may have, rw aside. */
  readonly allowed: number;
  /** How rw edges may appear: not at all, exactly once, never two in a row, or freely (≥ 2). */
  readonly rw: 'none' | 'single' | 'nonadjacent' | 'legal';
  readonly needWr: boolean;
  /** PROCESS or REALTIME when at least one edge of that kind is required, else 0. */
  readonly variant: number;
  /** G2-item: some two rw edges adjacent. */
  readonly needAdjacent: boolean;
  /** G-single, G-nonadjacent, G2: need predicate edges, which no workload here produces. */
  readonly predicate: boolean;
}

const base: Omit<CycleSpec, 'variant'>[] = [
  { type: 'G0', allowed: WW, rw: 'none', needWr: false, needAdjacent: false, predicate: false },
  { type: 'G1c', allowed: WW | WR, rw: 'none', needWr: true, needAdjacent: false, predicate: false },
  { type: 'G-single-item', allowed: WW | WR, rw: 'single', needWr: false, needAdjacent: false, predicate: false },
  { type: 'G-single', allowed: WW | WR, rw: 'single', needWr: false, needAdjacent: false, predicate: true },
  { type: 'G-nonadjacent-item', allowed: WW | WR, rw: 'nonadjacent', needWr: false, needAdjacent: false, predicate: false },
  { type: 'G-nonadjacent', allowed: WW | WR, rw: 'nonadjacent', needWr: false, needAdjacent: false, predicate: true },
  { type: 'G2-item', allowed: WW | WR, rw: 'legal', needWr: false, needAdjacent: true, predicate: false },
  { type: 'G2', allowed: WW | WR, rw: 'legal', needWr: false, needAdjacent: true, predicate: true },
];

/** Every cycle type with its -process and -realtime variants, in Elle's search order. */
export const cycleSpecs: readonly CycleSpec[] = base
  .flatMap((s) => [
    { ...s, variant: 0 },
    { ...s, type: `${s.type}-process`, allowed: s.allowed | PROCESS, variant: PROCESS },
    { ...s, type: `${s.type}-realtime`, allowed: s.allowed | REALTIME, variant: REALTIME },
  ])
  .sort((a, b) => compareAnomalies(a.type, b.type));

export const cycleTypes: ReadonlySet<string> = new Set(cycleSpecs.map((s) => s.type));

/** Elle's name for a cycle whose edges, in order, are explained as `rels` (one bit each). */
export function classifyCycle(rels: readonly number[]): string {
  let rw = 0;
  let wr = 0;
  let ww = 0;
  let adjacent = false;
  rels.forEach((r, i) => {
    if (r === RW) {
      rw++;
      if (rels[(i + rels.length - 1) % rels.length] === RW && rels.length > 1) adjacent = true;
    } else if (r === WR) wr++;
    else if (r === WW) ww++;
  });
  let data: string;
  if (rw === 1) data = 'G-single-item';
  else if (rw > 1) data = adjacent ? 'G2-item' : 'G-nonadjacent-item';
  else if (wr > 0) data = 'G1c';
  else if (ww > 0) data = 'G0';
  else throw new Error(`cannot classify a cycle of only ${rels.includes(REALTIME) ? 'realtime' : 'process'} edges`);
  const suffix = rels.includes(REALTIME) ? '-realtime' : rels.includes(PROCESS) ? '-process' : '';
  return data + suffix;
}
