// The transaction cycles a txn checker found, drawn as SVG: one figure per cycle with its
// anomaly type, each transaction a box (name, history index, process, micro-ops), each step an
// arrow coloured by relation and labelled with its key and values; hovering an arrow shows
// Elle's sentence for it, and the sentences are listed under the figure as well.
import type { TxnCycleData, TxnCycleDrawing } from '../report-data.js';
import { h } from './header.js';
import { layoutCycle, lineHeight } from './txn-cycle-layout.js';

const svgNs = 'http://www.w3.org/2000/svg';
const relColors: Record<string, string> = { ww: '#7b3fb5', wr: '#1d8a4a', rw: '#c8341f', realtime: '#555c69', process: '#2a6fdb' };
const colorOf = (rel: string): string => relColors[rel] ?? '#333';

export function drawTxnCycles(container: HTMLElement, data: TxnCycleData): void {
  data.cycles.forEach((c, i) => {
    const figure = h('figure', { class: 'txn-cycle', 'data-type': c.type });
    figure.append(h('figcaption', {}, `${c.type} #${i}: ${c.txns.map((t) => t.name).join(' → ')} → ${c.txns[0].name}`));
    figure.append(cycleSvg(c, i));
    const why = h('ol', { class: 'txn-why' });
    c.steps.forEach((s, j) => why.append(h('li', {}, `${c.txns[j].name} < ${c.txns[(j + 1) % c.txns.length].name}, because ${s.why}.`)));
    figure.append(why);
    container.append(figure);
  });
  if (data.total > data.cycles.length)
    container.append(h('p', { class: 'note' }, `${data.total - data.cycles.length} more cycles in report.txt and results.json.`));
}

function cycleSvg(c: TxnCycleDrawing, index: number): SVGSVGElement {
  const layout = layoutCycle(c);
  const svg = el('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, class: 'txn-cycle' });
  const defs = el('defs', {});
  for (const rel of new Set(c.steps.map((s) => s.rel))) {
    const marker = el('marker', {
      id: `txn-arrow-${index}-${rel}`,
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 8,
      markerHeight: 8,
      orient: 'auto-start-reverse',
    });
    marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: colorOf(rel) }));
    defs.append(marker);
  }
  svg.append(defs);
  c.txns.forEach((t, i) => {
    const b = layout.boxes[i];
    const g = el('g', { class: 'txn' });
    g.append(el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 5, class: `txn-box ${t.outcome}` }));
    g.append(text(b.x + 8, b.y + 16, `${t.name}  #${t.index}  p${t.process}${t.outcome === 'ok' ? '' : `  ${t.outcome}`}`, 'txn-title'));
    const shown = t.mops.length > layout.lines ? [...t.mops.slice(0, layout.lines - 1), `… ${t.mops.length - layout.lines + 1} more`] : t.mops;
    shown.forEach((m, j) => g.append(text(b.x + 8, b.y + 16 + lineHeight * (j + 1), clip(m), 'txn-mop')));
    const title = document.createElementNS(svgNs, 'title');
    title.textContent = t.mops.join('\n');
    g.append(title);
    svg.append(g);
  });
  c.steps.forEach((s, i) => {
    const a = layout.arrows[i];
    const g = el('g', { class: `step ${s.rel}` });
    g.append(el('path', { d: a.d, stroke: colorOf(s.rel), class: 'step-line', 'marker-end': `url(#txn-arrow-${index}-${s.rel})` }));
    const label = text(a.labelX, a.labelY + 4, s.label, 'step-label');
    label.setAttribute('fill', colorOf(s.rel));
    g.append(
      el('rect', { x: a.labelX - s.label.length * 3.4 - 4, y: a.labelY - 9, width: s.label.length * 6.8 + 8, height: 17, rx: 3, class: 'step-label-bg' }),
      label,
    );
    const title = document.createElementNS(svgNs, 'title');
    title.textContent = s.why;
    g.append(title);
    svg.append(g);
  });
  svg.dataset.txns = String(c.txns.length);
  svg.dataset.steps = String(c.steps.length);
  return svg;
}

function clip(s: string): string {
  return s.length > 30 ? `${s.slice(0, 29)}…` : s;
}

function text(x: number, y: number, content: string, cls: string): SVGTextElement {
  const t = el('text', { x, y, class: cls });
  t.textContent = content;
  return t;
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}
