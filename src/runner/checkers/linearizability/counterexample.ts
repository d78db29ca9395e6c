// What a person needs to see why a key is not linearizable, after Knossos's analysis: the op no
// order can place (the first, in completion order, that no explored configuration got past), the
// previous ok op, the longest partial linearization (Porcupine), and the final paths: from the
// configurations that got furthest, the still-pending ops applied in each order, ending with the
// blocking op, with the model's state after each step until the model refuses. Rendered three
// ways: Knossos's fields for results.json, summary lines, and data for a timeline.
import type { OpType } from '../../records/history.js';
import type { Model } from './model.js';
import type { Operation } from './operations.js';
import type { ConfigSample } from './search.js';
import type { Transitions } from './transitions.js';

/** An op as Knossos's results show one: the completion (or the invocation never completed). */
export interface RenderedOp {
  process: number;
  type: OpType;
  f: string;
  value: unknown;
  index: number;
  time: number;
}

/** One step of a final path: the op applied and the model after it ({msg} when it refused). */
export interface PathStep {
  op: RenderedOp | null;
  model: unknown;
}

export interface CounterexampleOp {
  id: number;
  process: number;
  f: string;
  /** The op as the model sees it, e.g. "read 4", "cas [1 2]". */
  text: string;
  outcome: 'ok' | 'fail' | 'info' | 'pending';
  invokeIndex: number;
  /** Nanoseconds since the test's origin. */
  invokeTime: number;
  completeIndex?: number;
  completeTime?: number;
  /** 1-based position in the longest partial linearization, when it is in it. */
  order?: number;
}

export interface FinalPath {
  /** The model state the path starts from. */
  start: string;
  /** Ops applied in order (ids) and the state after each; the last one is refused. */
  steps: { op: number; state: string }[];
  refused: { op: number; reason: string };
}

export interface Counterexample {
  key: unknown;
  model: string;
  /** Every op of the key the checker ordered (nil reads and other droppable ops left out). */
  opCount: number;
  /** The ops involved, in invocation order. */
  ops: CounterexampleOp[];
  /** The op no order can place. */
  blocking: number;
  previousOk?: number;
  /** The longest partial linearization: its length and its last ops (ids, in order). */
  longest: { length: number; tail: number[] };
  finalPaths: FinalPath[];
}

export interface FailureAnalysis {
  op: RenderedOp;
  'previous-ok': RenderedOp | null;
  'final-paths': PathStep[][];
  counterexample: Counterexample;
}

const maxPaths = 10;
const tailLength = 12;
const maxShownOps = 60;

export function renderOp(o: Operation): RenderedOp {
  const at = o.complete ?? o.invoke;
  return { process: o.process, type: o.complete?.type ?? 'info', f: o.f, value: o.value, index: at.index, time: at.time };
}

/**
 * Builds the analysis of a failed search. `kept` are the ops the search ordered (its indices);
 * `all` every op of the key, for the previous ok op.
 */
export function analyzeFailure(
  key: unknown,
  kept: readonly Operation[],
  all: readonly Operation[],
  transitions: Transitions<unknown>,
  outcome: { longest: number[]; blocking: number; samples: ConfigSample[] },
): FailureAnalysis {
  const model = transitions.model;
  const blocking = kept[outcome.blocking];
  const previous = previousOk(all, blocking);
  const paths = finalPaths(transitions, outcome.blocking, outcome.samples);
  const rendered = paths.map((p) => renderPath(p, kept, transitions));
  const involved = new Set<Operation>([blocking, ...(previous ? [previous] : [])]);
  for (const id of outcome.longest.slice(-tailLength)) involved.add(kept[id]);
  for (const s of outcome.samples.slice(0, 1)) for (const id of s.pending) involved.add(kept[id]);
  for (const o of kept) if (involved.size < maxShownOps && overlaps(o, blocking)) involved.add(o);
  const order = new Map(outcome.longest.map((id, i) => [kept[id], i + 1]));
  const ops = [...involved].sort((a, b) => a.invoke.index - b.invoke.index).map((o) => counterexampleOp(o, model, order.get(o)));
  return {
    op: renderOp(blocking),
    'previous-ok': previous ? renderOp(previous) : null,
    'final-paths': rendered,
    counterexample: {
      key,
      model: model.name,
      opCount: kept.length,
      ops,
      blocking: blocking.id,
      ...(previous ? { previousOk: previous.id } : {}),
      longest: { length: outcome.longest.length, tail: outcome.longest.slice(-tailLength).map((id) => kept[id].id) },
      finalPaths: paths.map((p) => ({
        start: model.formatState(transitions.states[p.start]),
        steps: p.steps.map((s) => ({ op: kept[s.op].id, state: model.formatState(transitions.states[s.state]) })),
        refused: { op: kept[p.refused].id, reason: transitions.refusal(p.refused, p.steps.at(-1)?.state ?? p.start) },
      })),
    },
  };
}

/** The ok op completed last before the blocking op completed (Knossos's previous-ok). */
function previousOk(all: readonly Operation[], blocking: Operation): Operation | undefined {
  let best: Operation | undefined;
  const before = blocking.complete!.index;
  for (const o of all) {
    const at = o.complete?.index ?? Infinity;
    if (o.outcome === 'ok' && at < before && (best === undefined || at > best.complete!.index)) best = o;
  }
  return best;
}

function overlaps(o: Operation, blocking: Operation): boolean {
  const end = o.outcome === 'unknown' ? Infinity : o.complete!.index;
  return o.invoke.index < blocking.complete!.index && end > blocking.invoke.index;
}

function counterexampleOp(o: Operation, model: Model<unknown>, order: number | undefined): CounterexampleOp {
  const outcome = o.complete === undefined ? 'pending' : o.outcome === 'unknown' ? 'info' : o.outcome;
  return {
    id: o.id,
    process: o.process,
    f: o.f,
    text: model.formatOp(o),
    outcome,
    invokeIndex: o.invoke.index,
    invokeTime: o.invoke.time,
    ...(o.complete ? { completeIndex: o.complete.index, completeTime: o.complete.time } : {}),
    ...(order !== undefined ? { order } : {}),
  };
}

interface RawPath {
  start: number;
  last: number;
  steps: { op: number; state: number }[];
  refused: number;
}

/**
 * Knossos's final paths, shortest first: from each sampled configuration, every sequence of
 * pending ops followed by the blocking op, cut at the first op the model refuses. Breadth-first
 * with a cap, so wide concurrency yields the short, readable paths rather than all of them.
 */
function finalPaths(t: Transitions<unknown>, blocking: number, samples: readonly ConfigSample[]): RawPath[] {
  const found: RawPath[] = [];
  const seen = new Set<string>();
  const record = (p: RawPath): void => {
    const id = `${p.start}|${p.steps.map((s) => s.op).join(',')}|${p.refused}`;
    if (seen.has(id)) return;
    seen.add(id);
    found.push(p);
  };
  let frontier = samples.map((s) => ({ sample: s, state: s.state, steps: [] as { op: number; state: number }[] }));
  for (let depth = 0; frontier.length > 0 && depth <= 6; depth++) {
    const deeper: typeof frontier = [];
    for (const node of frontier) {
      if (t.next(blocking, node.state) < 0) record({ start: node.sample.state, last: node.sample.last, steps: node.steps, refused: blocking });
      for (const op of node.sample.pending) {
        if (node.steps.some((s) => s.op === op)) continue;
        const next = t.next(op, node.state);
        if (next < 0) record({ start: node.sample.state, last: node.sample.last, steps: node.steps, refused: op });
        else if (deeper.length < 2000) deeper.push({ ...node, state: next, steps: [...node.steps, { op, state: next }] });
      }
    }
    if (found.filter((p) => p.refused === blocking).length >= maxPaths) break;
    frontier = deeper;
  }
  // The blocking op's refusals explain the failure; refusals of other pending ops come after.
  const byBlocking = found.filter((p) => p.refused === blocking);
  return [...byBlocking, ...found.filter((p) => p.refused !== blocking)].slice(0, maxPaths);
}

function renderPath(p: RawPath, kept: readonly Operation[], t: Transitions<unknown>): PathStep[] {
  const model = t.model;
  const first: PathStep = { op: p.last >= 0 ? renderOp(kept[p.last]) : null, model: model.describeState(t.states[p.start]) };
  const before = p.steps.at(-1)?.state ?? p.start;
  return [
    first,
    ...p.steps.map((s) => ({ op: renderOp(kept[s.op]), model: model.describeState(t.states[s.state]) })),
    { op: renderOp(kept[p.refused]), model: { msg: t.refusal(p.refused, before) } },
  ];
}

const seconds = (ns: number): string => `${(ns / 1e9).toFixed(3)} s`;

/** The counterexample as lines of text for the summary and report.txt. */
export function counterexampleLines(c: Counterexample): string[] {
  const byId = new Map(c.ops.map((o) => [o.id, o]));
  const name = (id: number): string => {
    const o = byId.get(id);
    return o ? `p${o.process} ${o.text}` : `op ${id}`;
  };
  const when = (o: CounterexampleOp): string =>
    `invoked ${seconds(o.invokeTime)}, ${o.completeTime === undefined ? 'never completed' : `${o.outcome} ${seconds(o.completeTime)}`} (op #${o.invokeIndex})`;
  const blocking = byId.get(c.blocking)!;
  const lines = [`key ${keyText(c.key)}: not linearizable (${c.model}, ${c.opCount} ops)`, `  no order can place  ${name(c.blocking)}, ${when(blocking)}`];
  if (c.previousOk !== undefined) lines.push(`  previous ok         ${name(c.previousOk)}, ${when(byId.get(c.previousOk)!)}`);
  const tail = c.longest.tail.map(name).join(' → ');
  lines.push(
    `  longest partial linearization: ${c.longest.length} of ${c.opCount} ops${c.longest.length > c.longest.tail.length ? ', ending' : ''}: ${tail || '(none)'}`,
  );
  if (c.finalPaths.length > 0) lines.push('  final paths (from the configurations that got furthest):');
  for (const p of c.finalPaths) {
    const steps = p.steps.map((s) => `${name(s.op)} → ${s.state}`);
    lines.push(`    ${[p.start, ...steps, `${name(p.refused.op)}: ${p.refused.reason}`].join(' → ')}`);
  }
  return lines;
}

export function keyText(key: unknown): string {
  return typeof key === 'string' ? key : (JSON.stringify(key) ?? 'nil');
}

/** One op drawn on the timeline: a bar on its process's lane from invocation to completion. */
export interface TimelineBar {
  lane: number;
  /** Event columns (history order of the shown ops' invocations and completions). */
  from: number;
  /** Null when the op never completed (drawn to the right edge). */
  to: number | null;
  /** Seconds since the test's origin, for the hover text. */
  start: number;
  end: number | null;
  label: string;
  outcome: CounterexampleOp['outcome'];
  role?: 'blocking' | 'previous-ok';
  /** Position in the longest partial linearization. */
  order?: number;
}

export interface TimelineData {
  key: string;
  model: string;
  /** Lane names, e.g. "p3". */
  processes: string[];
  /** Event columns: the shown ops' invocations and completions in history order (Porcupine
   *  draws its timeline so too: concurrency stays visible however the latencies differ). */
  columns: number;
  bars: TimelineBar[];
  /** The summary lines, shown under the drawing. */
  lines: string[];
}

/** The counterexample as plain data for report.html's timeline. */
export function counterexampleTimeline(c: Counterexample): TimelineData {
  const processes = [...new Set(c.ops.map((o) => o.process))].sort((a, b) => a - b);
  const lane = new Map(processes.map((p, i) => [p, i]));
  const positions = [...new Set(c.ops.flatMap((o) => [o.invokeIndex, ...(o.completeIndex === undefined ? [] : [o.completeIndex])]))].sort((a, b) => a - b);
  const column = new Map(positions.map((p, i) => [p, i]));
  const bars = c.ops.map(
    (o): TimelineBar => ({
      lane: lane.get(o.process)!,
      from: column.get(o.invokeIndex)!,
      to: o.completeIndex === undefined ? null : column.get(o.completeIndex)!,
      start: o.invokeTime / 1e9,
      end: o.completeTime === undefined ? null : o.completeTime / 1e9,
      label: o.text,
      outcome: o.outcome,
      ...(o.id === c.blocking ? { role: 'blocking' as const } : o.id === c.previousOk ? { role: 'previous-ok' as const } : {}),
      ...(o.order !== undefined ? { order: o.order } : {}),
    }),
  );
  return { key: keyText(c.key), model: c.model, processes: processes.map((p) => `p${p}`), columns: positions.length, bars, lines: counterexampleLines(c) };
}
