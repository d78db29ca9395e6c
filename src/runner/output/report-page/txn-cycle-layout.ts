// Where a drawn transaction cycle puts things (pure, so it is tested without a browser): the
// transactions as boxes around an ellipse, T1 at the top and the rest clockwise, each step a
// curved arrow from one box's edge to the next box's, bent outward so the arrows of a
// two-transaction cycle do not overlap, its label at the middle of the curve; a transaction
// that depends on itself gets a loop on its right.
import type { TxnCycleDrawing } from '../report-data.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Arrow {
  /** SVG path data. */
  d: string;
  labelX: number;
  labelY: number;
}

export interface CycleLayout {
  width: number;
  height: number;
  boxes: Box[];
  arrows: Arrow[];
  /** Micro-op lines shown per box (the rest summarised as "… n more"). */
  lines: number;
}

export const boxWidth = 210;
export const lineHeight = 15;
const maxLines = 6;
const margin = 70;

export function layoutCycle(c: TxnCycleDrawing): CycleLayout {
  const n = c.txns.length;
  const lines = Math.min(maxLines, Math.max(1, ...c.txns.map((t) => t.mops.length)));
  const h = 24 + lineHeight * lines;
  // Two transactions sit side by side, so their two arrows and labels stack above and below.
  const rx = n === 1 ? 0 : n === 2 ? 230 : Math.max(170, n * 70);
  const ry = n <= 2 ? 0 : Math.max(h + 40, n * 45);
  const cx = margin + boxWidth / 2 + rx;
  const cy = margin / 2 + h / 2 + ry + (n <= 2 ? 50 : 0);
  const centers = c.txns.map((_, i) => {
    const angle = (n === 2 ? Math.PI : -Math.PI / 2) + (2 * Math.PI * i) / n;
    return { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle) };
  });
  const boxes = centers.map((p) => ({ x: p.x - boxWidth / 2, y: p.y - h / 2, w: boxWidth, h }));
  const arrows = n === 1 ? [selfLoop(boxes[0])] : centers.map((p, i) => arrow(p, centers[(i + 1) % n], boxes[i], n));
  return { width: 2 * cx + (n === 1 ? 90 : 0), height: cy * 2 - margin / 2 + (n <= 2 ? 0 : 10), boxes, arrows, lines };
}

/** Where the ray from a box's centre toward `to` leaves the box. */
function exitPoint(from: { x: number; y: number }, to: { x: number; y: number }, b: Box): { x: number; y: number } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const t = Math.min(dx === 0 ? Infinity : b.w / 2 / Math.abs(dx), dy === 0 ? Infinity : b.h / 2 / Math.abs(dy));
  return { x: from.x + dx * t, y: from.y + dy * t };
}

function arrow(from: { x: number; y: number }, to: { x: number; y: number }, box: Box, n: number): Arrow {
  const other = { ...box, x: to.x - box.w / 2, y: to.y - box.h / 2 };
  const a = exitPoint(from, to, box);
  const b = exitPoint(to, from, other);
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  // Bend to the right of the direction of travel: outward, going clockwise round the ellipse.
  const bend = len * (n === 2 ? 0.3 : 0.15);
  const c = { x: (a.x + b.x) / 2 + ((b.y - a.y) / len) * bend, y: (a.y + b.y) / 2 - ((b.x - a.x) / len) * bend };
  return {
    d: `M ${r(a.x)} ${r(a.y)} Q ${r(c.x)} ${r(c.y)} ${r(b.x)} ${r(b.y)}`,
    labelX: r(0.25 * a.x + 0.5 * c.x + 0.25 * b.x),
    labelY: r(0.25 * a.y + 0.5 * c.y + 0.25 * b.y),
  };
}

function selfLoop(b: Box): Arrow {
  const x = b.x + b.w;
  const top = b.y + b.h * 0.3;
  const bottom = b.y + b.h * 0.7;
  return {
    d: `M ${r(x)} ${r(top)} C ${r(x + 70)} ${r(top - 30)} ${r(x + 70)} ${r(bottom + 30)} ${r(x)} ${r(bottom)}`,
    labelX: r(x + 58),
    labelY: r((top + bottom) / 2),
  };
}

const r = (v: number): number => Math.round(v * 10) / 10;
