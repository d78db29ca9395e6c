// The time plots of the report, on uPlot: a chart is a list of series (points, lines or steps)
// over seconds since the origin, with the nemesis's spans shaded beneath. Scatter series share
// one x axis through uPlot.join; each chart records its series and point counts on its root
// element so a test can check what was drawn.
import uPlot from 'uplot';
import type { PointSeries } from '../report-data.js';

export type SeriesStyle = 'points' | 'line' | 'step';

export interface SeriesSpec {
  label: string;
  color: string;
  style: SeriesStyle;
  /** Point diameter in px for 'points'. */
  size?: number;
  dash?: number[];
}

export interface ChartSpec {
  yLabel: string;
  log?: boolean;
  series: SeriesSpec[];
  data: uPlot.AlignedData;
  plugins?: uPlot.Plugin[];
  height?: number;
  /** Fixed x range, so every time plot of a run lines up. */
  xRange?: [number, number];
}

export function drawChart(container: HTMLElement, spec: ChartSpec): uPlot {
  const width = Math.max(400, container.clientWidth || 1000);
  const opts: uPlot.Options = {
    width,
    height: spec.height ?? 280,
    scales: { x: { time: false, ...(spec.xRange ? { range: spec.xRange } : {}) }, y: spec.log ? { distr: 3, log: 10 } : {} },
    axes: [{ label: 'seconds since the origin' }, { label: spec.yLabel, size: 60 }],
    series: [{ label: 't (s)' }, ...spec.series.map(seriesOptions)],
    cursor: { drag: { x: true, y: false } },
    plugins: spec.plugins ?? [],
  };
  const chart = new uPlot(opts, spec.data, container);
  const counts = spec.data.slice(1).map((ys) => countValues(ys as ArrayLike<number | null | undefined>));
  chart.root.dataset.series = String(spec.series.length);
  chart.root.dataset.points = JSON.stringify(counts);
  return chart;
}

function seriesOptions(s: SeriesSpec): uPlot.Series {
  if (s.style === 'points') {
    return {
      label: s.label,
      stroke: s.color,
      fill: s.color,
      paths: () => null,
      points: { show: true, space: 0, size: s.size ?? 4, width: 0, stroke: s.color, fill: s.color },
    };
  }
  return {
    label: s.label,
    stroke: s.color,
    width: 1.5,
    dash: s.dash,
    points: { show: false },
    ...(s.style === 'step' ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}),
  };
}

/** Scatter series onto one x axis: sorted, with ties nudged apart so no point is merged away. */
export function alignPoints(series: readonly PointSeries[], floor?: number): uPlot.AlignedData {
  if (series.length === 0) return [[]];
  const tables = series.map((s): uPlot.AlignedData => {
    const order = s.x.map((_, i) => i).sort((a, b) => s.x[a] - s.x[b]);
    const xs: number[] = [];
    const ys: number[] = [];
    for (const i of order) {
      const prev = xs.length ? xs[xs.length - 1] : -Infinity;
      xs.push(s.x[i] > prev ? s.x[i] : prev + 1e-7);
      ys.push(floor !== undefined ? Math.max(floor, s.y[i]) : s.y[i]);
    }
    return [xs, ys];
  });
  return tables.length === 1 ? tables[0] : uPlot.join(tables);
}

function countValues(ys: ArrayLike<number | null | undefined>): number {
  let n = 0;
  for (let i = 0; i < ys.length; i++) if (ys[i] !== null && ys[i] !== undefined) n++;
  return n;
}
