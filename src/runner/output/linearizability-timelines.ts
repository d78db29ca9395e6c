// The linearizability section of report.html: for each key the checker found not linearizable
// (the first few), its counterexample as timeline data. It reads the workload's result as
// results.json holds it (Jepsen's independent shape, `results[k].linearizable.counterexample`),
// so any workload that runs the linearizability checker gets the section with no wiring of its
// own; a result without a failed key, or one it cannot read, gives no section, never an error.
import { counterexampleTimeline, type Counterexample, type TimelineData } from '../checkers/linearizability/index.js';

/** Keys drawn at most: the first failures tell the story; results.json lists them all. */
export const maxTimelines = 3;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function linearizabilityTimelines(workloadResult: unknown): TimelineData[] | undefined {
  if (!isObject(workloadResult) || !isObject(workloadResult.results)) return undefined;
  const timelines: TimelineData[] = [];
  for (const result of Object.values(workloadResult.results)) {
    if (timelines.length >= maxTimelines) break;
    const linearizable = isObject(result) && result['valid?'] === false ? result.linearizable : undefined;
    const c = isObject(linearizable) ? linearizable.counterexample : undefined;
    if (!isObject(c) || !Array.isArray(c.ops) || c.ops.length === 0) continue;
    try {
      timelines.push(counterexampleTimeline(c as unknown as Counterexample));
    } catch {
      // A hand-edited or foreign results.json: leave that key out rather than fail the report.
    }
  }
  return timelines.length > 0 ? timelines : undefined;
}
