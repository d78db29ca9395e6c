// A key the linearizability checker refuted, drawn as Porcupine draws one: a lane per client
// process, each operation a bar from its invocation to its completion, in history order (a
// column per event, so concurrency shows however long each op took; times on hover). The op no
// order can place is red, the previous ok op outlined, each op of the longest partial
// linearization numbered by its place in it, and an op that may still take effect (:info or
// never completed) fades out to the right. Under it, the checker's words: the final paths.
import type { TimelineBar, TimelineData } from '../../checkers/linearizability/index.js';
import { h } from './header.js';
import { el } from './lamport.js';

const left = 64;
const top = 22;
const lane = 40;
const barHeight = 22;
/** Roughly the width of one character of the bar labels (11 px system-ui). */
const charWidth = 6.4;

const fills: Record<TimelineBar['outcome'], string> = { ok: '#d6e6fb', fail: '#f6d4d4', info: '#fde3c2', pending: '#eceef2' };

export function drawLinearizability(container: HTMLElement, t: TimelineData): SVGSVGElement {
  const available = Math.max(640, container.clientWidth || 1180) - left - 90;
  const column = Math.max(26, available / Math.max(1, t.columns));
  const width = left + column * t.columns + 90;
  const height = top + lane * t.processes.length + 8;
  const x = (c: number): number => left + column * (c + 0.5);
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'linearizability' });
  svg.append(fades());
  t.processes.forEach((name, i) => {
    const y = top + i * lane + lane / 2;
    svg.append(el('line', { x1: left, x2: width - 8, y1: y, y2: y, class: 'lane-line' }));
    const label = el('text', { x: left - 10, y: y + 4, class: 'lane' });
    label.textContent = name;
    svg.append(label);
  });
  const end = width - 8;
  for (const bar of t.bars) svg.append(drawBar(bar, x, end));
  svg.dataset.bars = String(t.bars.length);
  const scroll = h('div', { class: 'lin-scroll' });
  scroll.append(svg);
  container.append(scroll, h('pre', { class: 'lin-lines' }, t.lines.join('\n')));
  return svg;
}

function drawBar(bar: TimelineBar, x: (c: number) => number, end: number): SVGGElement {
  const g = el('g', { class: `op ${bar.outcome}${bar.role ? ` ${bar.role}` : ''}` });
  const y = top + bar.lane * lane + (lane - barHeight) / 2;
  const x0 = x(bar.from) - 8;
  const x1 = bar.to === null ? x0 + 12 : x(bar.to) + 8;
  const title = [
    `${bar.label} (${bar.outcome})${bar.role === 'blocking' ? ': no order can place this op' : bar.role === 'previous-ok' ? ': the previous ok op' : ''}`,
    `invoked ${bar.start.toFixed(6)} s, ${bar.end === null ? 'never completed' : `completed ${bar.end.toFixed(6)} s`}`,
    ...(bar.order !== undefined ? [`#${bar.order} in the longest partial linearization`] : []),
    ...(bar.outcome === 'info' || bar.outcome === 'pending' ? ['indefinite: may take effect any time after its invocation, or never'] : []),
  ].join('\n');
  // An indefinite op may still take effect: its bar fades out to the right edge.
  if (bar.outcome === 'info' || bar.outcome === 'pending')
    g.append(el('rect', { x: x1, y, width: Math.max(0, end - x1), height: barHeight, fill: `url(#lin-fade-${bar.outcome})`, class: 'tail' }, title));
  g.append(el('rect', { x: x0, y, width: x1 - x0, height: barHeight, rx: 3, fill: fills[bar.outcome], class: 'bar' }, title));
  const text = el('text', { x: x0 + 4, y: y + barHeight / 2 + 4, class: 'op-label' });
  text.textContent = fitLabel(bar.label, x1 - x0 - 6);
  g.append(text);
  if (bar.order !== undefined) {
    const order = el('text', { x: x0 + 2, y: y - 2, class: 'order' });
    order.textContent = `#${bar.order}`;
    g.append(order);
  }
  return g;
}

/** The label cut to the bar's width (the whole of it is in the hover text). */
function fitLabel(label: string, width: number): string {
  const chars = Math.floor(width / charWidth);
  return label.length <= chars ? label : chars >= 2 ? `${label.slice(0, chars - 1)}…` : '';
}

function fades(): SVGDefsElement {
  const defs = el('defs', {});
  for (const [outcome, color] of [
    ['info', fills.info],
    ['pending', fills.pending],
  ]) {
    const g = el('linearGradient', { id: `lin-fade-${outcome}`, x1: 0, x2: 1, y1: 0, y2: 0 });
    g.append(el('stop', { offset: '0%', 'stop-color': color, 'stop-opacity': 0.9 }), el('stop', { offset: '100%', 'stop-color': color, 'stop-opacity': 0 }));
    defs.append(g);
  }
  return defs;
}
