// The report page: reads the JSON the writer embedded and draws the header, the time plots
// (uPlot) and the Lamport diagram (SVG). Exposes what it drew on window.ygossipReport.
import type uPlot from 'uplot';
import type { ReportData } from '../report-data.js';
import { alignPoints, drawChart, type SeriesSpec } from './charts.js';
import { nodeColor, opColor, spanColor } from './colors.js';
import { faultShading } from './fault-shading.js';
import { drawHeader, h } from './header.js';
import { drawLamport } from './lamport.js';
import { drawTxnCycles } from './txn-cycles.js';
import { drawLinearizability } from './linearizability.js';

/** Log axes cannot show 0: a zero latency (virtual time) is drawn at this many ms. */
const logFloorMs = 0.01;

declare global {
  interface Window {
    ygossipReport?: { data: ReportData; charts: Record<string, uPlot>; renderMs: number };
  }
}

function main(): void {
  const data = JSON.parse(document.getElementById('report-data')!.textContent!) as ReportData;
  const root = document.getElementById('report')!;
  root.textContent = '';
  drawHeader(root, data);
  if (data.txnCycles) {
    const note =
      'Each cycle the transactional checker found: transactions as boxes (history index, process, micro-ops), each arrow a dependency (ww, wr, rw, realtime or process) with its key and values. Hover an arrow for why it exists.';
    drawTxnCycles(section(root, 'txn-cycles', 'Dependency cycles', note, data), data.txnCycles);
  }
  // A refuted key is why the run failed: it comes first.
  (data.linearizability ?? []).forEach((t, i) => {
    const note = `The ops around the first one no order can place (red), a lane per client process, in history order (a column per invocation or completion; hover a bar for its times). The previous ok op is outlined; #n is an op's place in the longest partial linearization the search found (${t.model} model); a bar that fades out may still take effect (:info, or never completed).`;
    drawLinearizability(section(root, `linearizability-${i}`, `Not linearizable: key ${t.key}`, note, data), t);
  });
  const charts: Record<string, uPlot> = {};
  const shade = (): uPlot.Plugin => faultShading(data.spans, data.marks);

  if (data.latency.series.some((s) => s.x.length > 0)) drawOps(root, data, charts, shade);
  else root.append(h('p', { class: 'note', id: 'no-ops' }, 'No client operation completed: there is nothing to plot over time.'));
  const m = data.messages;
  if (m && [...m.servers, ...m.clients].some((row) => row.some((v) => v > 0))) drawMessages(root, data, charts, shade);
  if (data.lamport && data.lamport.messages.length > 0) {
    const l = data.lamport;
    const note = `Messages sent from ${l.start.toFixed(3)} s to ${l.end.toFixed(3)} s${l.truncated ? ` (the first ${l.messages.length}; the run went on)` : ''}. Time goes down; blue: between servers, grey: with clients; red × : never delivered. Hover a line for its message.`;
    drawLamport(section(root, 'lamport', 'Messages (Lamport diagram)', note, data), l, data.spans, data.marks);
  }
  window.ygossipReport = { data, charts, renderMs: performance.now() };
  document.documentElement.dataset.rendered = String(Math.round(performance.now()));
}

/** The plots of client operations: latency, throughput, and the workload's own. */
function drawOps(root: HTMLElement, data: ReportData, charts: Record<string, uPlot>, shade: () => uPlot.Plugin): void {
  const xRange = timeRange(data);
  const latency = section(
    root,
    'latency',
    'Operation latency',
    `Each client operation at its invocation time, by f and outcome (log scale; 0 drawn at ${logFloorMs} ms).${data.latency.sampled ? ' Thinned to keep the page small.' : ''}`,
    data,
  );
  charts.latency = drawChart(latency, {
    yLabel: 'latency (ms)',
    log: true,
    series: data.latency.series.map((s): SeriesSpec => ({ label: s.label, color: opColor(s.label), style: 'points', size: 4 })),
    data: alignPoints(data.latency.series, logFloorMs),
    plugins: [shade()],
    xRange,
  });

  const rate = section(root, 'throughput', 'Throughput', `Completed operations per second, by f and outcome, in ${data.throughput.bucketS} s buckets.`, data);
  charts.throughput = drawChart(rate, {
    yLabel: 'ops / s',
    series: data.throughput.series.map((s): SeriesSpec => ({ label: s.label, color: opColor(s.label), style: 'step' })),
    data: [data.throughput.x, ...data.throughput.series.map((s) => s.y)],
    plugins: [shade()],
    xRange,
  });

  if (data.stable) drawStable(root, data, charts, shade);
  if (data.counter) drawCounter(root, data, charts);
}

/** Every time plot spans the whole run, so one moment sits at the same x in each. */
function timeRange(data: ReportData): [number, number] {
  return [0, Math.max(data.durationS, 1e-3) * 1.01];
}

function drawStable(root: HTMLElement, data: ReportData, charts: Record<string, uPlot>, shade: () => uPlot.Plugin): void {
  const st = data.stable!;
  const never = st.neverRead ? ` ${st.neverRead} never read (not drawn).` : '';
  const el = section(
    root,
    'stable',
    'Stable latency of each value',
    `Each value at the time it was known to exist, against how long until every read saw it (set-full's stable latency); lost values in red.${never}${st.sampled ? ' Thinned.' : ''}`,
    data,
  );
  charts.stable = drawChart(el, {
    yLabel: 'stable latency (ms)',
    series: st.series.map(
      (s): SeriesSpec => ({
        label: s.label,
        color: s.label === 'lost' ? 'hsl(0, 85%, 45%)' : 'hsl(210, 70%, 40%)',
        style: 'points',
        size: s.label === 'lost' ? 7 : 4,
      }),
    ),
    data: alignPoints(st.series),
    plugins: [shade()],
    xRange: timeRange(data),
  });
}

function drawCounter(root: HTMLElement, data: ReportData, charts: Record<string, uPlot>): void {
  const c = data.counter!;
  const el = section(
    root,
    'counter',
    'Counter reads',
    'Each ok read against the sum of acknowledged adds (lower) and that sum widened by the indeterminate adds (upper); the green band is the range the checker accepts for the final reads.',
    data,
  );
  const bounds = { label: 'bounds', x: c.bounds.x, y: c.bounds.lower };
  const aligned = alignPoints([...c.reads, bounds, { label: 'upper', x: c.bounds.x, y: c.bounds.upper }]);
  charts.counter = drawChart(el, {
    yLabel: 'counter value',
    series: [
      { label: 'read', color: 'hsl(210, 65%, 42%)', style: 'points', size: 4 },
      { label: 'final read', color: 'hsl(280, 70%, 40%)', style: 'points', size: 8 },
      { label: 'acknowledged adds', color: 'hsl(140, 60%, 35%)', style: 'step' },
      { label: 'with indeterminate adds', color: 'hsl(30, 90%, 45%)', style: 'step', dash: [5, 4] },
    ],
    data: aligned,
    plugins: [
      faultShading(
        data.spans,
        data.marks,
        c.acceptable.map(([lo, hi]) => ({ lo, hi, color: 'rgba(40, 170, 80, 0.22)' })),
      ),
    ],
    xRange: timeRange(data),
  });
}

function drawMessages(root: HTMLElement, data: ReportData, charts: Record<string, uPlot>, shade: () => uPlot.Plugin): void {
  const m = data.messages!;
  const n = m.nodes.length;
  const series = m.nodes.map((id, i): SeriesSpec => ({ label: id, color: nodeColor(i, n), style: 'step' }));
  const servers = section(
    root,
    'messages-servers',
    'Messages per second per node: between servers',
    `Messages each node sent to other nodes, in ${m.bucketS} s buckets: a hot node stands out.`,
    data,
  );
  charts.messagesServers = drawChart(servers, { yLabel: 'msgs / s', series, data: [m.x, ...m.servers], plugins: [shade()], xRange: timeRange(data) });
  const clients = section(
    root,
    'messages-clients',
    'Messages per second per node: with clients',
    `Client requests each node received plus the replies it sent, in ${m.bucketS} s buckets.`,
    data,
  );
  charts.messagesClients = drawChart(clients, { yLabel: 'msgs / s', series, data: [m.x, ...m.clients], plugins: [shade()], xRange: timeRange(data) });
}

/** A titled section; returns the element the plot goes into. */
function section(root: HTMLElement, id: string, title: string, note: string, data: ReportData): HTMLElement {
  const s = h('section', { class: 'plot', id: `plot-${id}` });
  s.append(h('h2', {}, title), h('p', { class: 'note' }, note));
  const kinds = [...new Set(data.spans.map((sp) => sp.kind))];
  if (kinds.length || data.marks.length) {
    const key = h('p', { class: 'fault-key' });
    for (const kind of kinds) {
      const chip = h('span', { class: 'chip' }, kind);
      chip.style.background = spanColor(kind);
      key.append(chip, ' ');
    }
    if (data.marks.length) key.append(h('span', { class: 'chip mark' }, `${data.marks.length} fault notes (dashed)`));
    s.append(key);
  }
  const chart = h('div', { class: 'chart' });
  s.append(chart);
  root.append(s);
  return chart;
}

main();
