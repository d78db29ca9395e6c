// The Lamport diagram, drawn by hand as SVG (no charting library draws one): a column per node
// and per client, time going down, an arrow per delivered message from its send to its
// delivery, a red dashed stub ending in × for a message never delivered (dropped by a partition
// or still queued), and the nemesis's spans and marks across the columns.
import type { FaultMark, FaultSpan, LamportData } from '../report-data.js';
import { spanColor, spanEdge } from './colors.js';

const svgNs = 'http://www.w3.org/2000/svg';
const top = 40;
const left = 70;

export function drawLamport(container: HTMLElement, data: LamportData, spans: readonly FaultSpan[], marks: readonly FaultMark[]): SVGSVGElement {
  const columns = data.processes.length;
  const colWidth = Math.max(60, Math.min(140, ((container.clientWidth || 1000) - left - 20) / Math.max(1, columns)));
  const width = left + colWidth * columns + 20;
  const plotHeight = Math.min(2400, Math.max(320, data.messages.length * 9));
  const span = Math.max(1e-6, data.end - data.start);
  const y = (t: number): number => top + ((t - data.start) / span) * plotHeight;
  const x = (c: number): number => left + colWidth * (c + 0.5);

  const svg = el('svg', { width, height: top + plotHeight + 20, viewBox: `0 0 ${width} ${top + plotHeight + 20}`, class: 'lamport' });
  svg.append(arrowMarker('arrow-server', '#2a6fdb'), arrowMarker('arrow-client', '#555'));
  let shownSpans = 0;
  for (const s of spans) {
    if (s.end < data.start || s.start > data.end) continue;
    const y0 = y(Math.max(s.start, data.start));
    const y1 = y(Math.min(s.end, data.end));
    svg.append(
      el('rect', { x: left, y: y0, width: colWidth * columns, height: Math.max(2, y1 - y0), fill: spanColor(s.kind), class: 'span' }, `${s.kind} ${s.label}`),
    );
    const label = el('text', { x: width - 14, y: y0 + 12, class: 'span-label', fill: spanEdge(s.kind) });
    label.textContent = `${s.kind} ${s.label}`.trim();
    svg.append(label);
    shownSpans++;
  }
  for (const m of marks) {
    if (m.t < data.start || m.t > data.end) continue;
    svg.append(el('line', { x1: left, x2: width - 10, y1: y(m.t), y2: y(m.t), class: 'mark' }, `${m.f} ${m.label}`));
  }
  drawTimeAxis(svg, data.start, data.end, y);
  data.processes.forEach((name, c) => {
    const isNode = c < data.nodeCount;
    svg.append(el('line', { x1: x(c), x2: x(c), y1: top - 8, y2: top + plotHeight, class: isNode ? 'lifeline node' : 'lifeline client' }));
    const label = el('text', { x: x(c), y: top - 14, class: isNode ? 'proc node' : 'proc client' });
    label.textContent = name;
    svg.append(label);
  });
  let dropped = 0;
  for (const [from, to, sent, received, type] of data.messages) {
    const serverMsg = from < data.nodeCount && to < data.nodeCount;
    const title =
      `${type}: ${data.processes[from]} → ${data.processes[to]}, sent ${sent.toFixed(3)} s` +
      (received >= 0 ? `, delivered ${received.toFixed(3)} s` : ', never delivered');
    if (received >= 0) {
      svg.append(
        el(
          'line',
          {
            x1: x(from),
            y1: y(sent),
            x2: x(to),
            y2: y(received),
            class: serverMsg ? 'msg server' : 'msg client',
            'marker-end': `url(#arrow-${serverMsg ? 'server' : 'client'})`,
          },
          title,
        ),
      );
    } else {
      dropped++;
      const mx = (x(from) + x(to)) / 2;
      const my = y(sent) + 8;
      svg.append(el('line', { x1: x(from), y1: y(sent), x2: mx, y2: my, class: 'msg dropped' }, title));
      const cross = el('text', { x: mx, y: my + 4, class: 'dropped-x' }, title);
      cross.append('×');
      svg.append(cross);
    }
  }
  svg.dataset.messages = String(data.messages.length);
  svg.dataset.dropped = String(dropped);
  svg.dataset.spans = String(shownSpans);
  container.append(svg);
  return svg;
}

function drawTimeAxis(svg: SVGSVGElement, start: number, end: number, y: (t: number) => number): void {
  const step = niceStep((end - start) / 10);
  for (let t = Math.ceil(start / step) * step; t <= end + 1e-9; t += step) {
    svg.append(el('line', { x1: left - 6, x2: left, y1: y(t), y2: y(t), class: 'tick' }));
    const label = el('text', { x: left - 9, y: y(t) + 4, class: 'tick-label' });
    label.textContent = `${Number(t.toFixed(3))} s`;
    svg.append(label);
  }
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-6)));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
}

function arrowMarker(id: string, color: string): SVGElement {
  const marker = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: color }));
  const defs = el('defs', {});
  defs.append(marker);
  return defs;
}

/** An SVG element with attributes and an optional hover title. */
export function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, title?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (title !== undefined) {
    const t = document.createElementNS(svgNs, 'title');
    t.textContent = title;
    node.append(t);
  }
  return node;
}
