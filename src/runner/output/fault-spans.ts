// Nemesis operations as the report draws them: an opening f (start-partition, kill, pause, any
// start-X) and its closing f (stop-partition, start, resume, stop-X) make a shaded span from
// the opener's completion to the closer's; any other nemesis f (the simulation's fault notes)
// is a point mark. Jepsen records each nemesis action as an invocation and a completion with
// the same f; either may be typed info.
import type { FaultMark, FaultSpan } from './report-data.js';

export interface NemesisOp {
  /** Seconds since the origin. */
  t: number;
  type: string;
  f: string;
  value: unknown;
}

const namedClosers: Record<string, string> = { start: 'kill', resume: 'pause' };
const namedOpeners = new Set(['kill', 'pause']);

/** The span kind an f opens, if it opens one. */
export function opensSpan(f: string): string | undefined {
  if (f.startsWith('start-')) return f.slice('start-'.length);
  return namedOpeners.has(f) ? f : undefined;
}

/** The span kind an f closes, if it closes one. */
export function closesSpan(f: string): string | undefined {
  if (f.startsWith('stop-')) return f.slice('stop-'.length);
  return namedClosers[f];
}

export interface FaultTracker {
  add(op: NemesisOp): void;
  /** Spans still open close at `endS` (a run cut short never healed). */
  finish(endS: number): { spans: FaultSpan[]; marks: FaultMark[] };
}

export function createFaultTracker(): FaultTracker {
  const spans: FaultSpan[] = [];
  const marks: FaultMark[] = [];
  const invoked = new Map<string, NemesisOp>();
  const open = new Map<string, FaultSpan>();

  const complete = (inv: NemesisOp | undefined, op: NemesisOp): void => {
    const opened = opensSpan(op.f);
    const closed = closesSpan(op.f);
    if (opened !== undefined) {
      const label = describe(inv?.value ?? op.value, op.value);
      const span = open.get(opened);
      if (span) span.label = `${span.label}; ${label}`;
      else open.set(opened, { kind: opened, start: op.t, end: op.t, label });
    } else if (closed !== undefined) {
      const span = open.get(closed);
      if (!span) return;
      span.end = op.t;
      spans.push(span);
      open.delete(closed);
    }
  };

  return {
    add(op) {
      if (opensSpan(op.f) === undefined && closesSpan(op.f) === undefined) {
        // A note is one op; a noted action with an invocation is marked once, at completion.
        if (op.type !== 'invoke') marks.push({ t: op.t, f: op.f, label: describe(op.value, undefined) });
        return;
      }
      const inv = invoked.get(op.f);
      if (op.type === 'invoke' || inv === undefined) {
        invoked.set(op.f, op);
        return;
      }
      invoked.delete(op.f);
      complete(inv, op);
    },
    finish(endS) {
      // An invocation whose completion never came (the run ended first) still took effect.
      for (const inv of invoked.values()) if (inv.type !== 'invoke') complete(undefined, inv);
      for (const span of open.values()) spans.push({ ...span, end: Math.max(span.start, endS) });
      open.clear();
      spans.sort((a, b) => a.start - b.start);
      return { spans, marks };
    },
  };
}

function describe(value: unknown, completion: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(' ');
  if (Array.isArray(completion) && completion[0] === 'isolated') return 'isolated';
  return value === null || value === undefined ? '' : JSON.stringify(value).slice(0, 80);
}
