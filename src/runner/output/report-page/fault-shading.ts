// A uPlot plugin that shades the nemesis's spans (partitions, kills, pauses) and marks its point
// events under every time plot, and extra horizontal bands (a counter's acceptable range).
// It records how many spans it drew on the chart's root element, for the browser tests.
import type uPlot from 'uplot';
import type { FaultMark, FaultSpan } from '../report-data.js';
import { spanColor, spanEdge } from './colors.js';

export interface Band {
  lo: number;
  hi: number;
  color: string;
}

export function faultShading(spans: readonly FaultSpan[], marks: readonly FaultMark[], bands: readonly Band[] = []): uPlot.Plugin {
  return {
    hooks: {
      drawClear: [
        (u) => {
          const { ctx } = u;
          const { left, top, width, height } = u.bbox;
          ctx.save();
          ctx.beginPath();
          ctx.rect(left, top, width, height);
          ctx.clip();
          let shaded = 0;
          for (const span of spans) {
            const x0 = Math.max(left, u.valToPos(span.start, 'x', true));
            const x1 = Math.min(left + width, u.valToPos(span.end, 'x', true));
            if (x1 < left || x0 > left + width) continue;
            ctx.fillStyle = spanColor(span.kind);
            ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
            shaded++;
            const label = `${span.kind} ${span.label}`.trim();
            ctx.font = `${Math.round(10 * devicePixelRatio)}px system-ui, sans-serif`;
            if (ctx.measureText(label).width + 6 < x1 - x0) {
              ctx.fillStyle = spanEdge(span.kind);
              ctx.fillText(label, x0 + 3, top + 11 * devicePixelRatio);
            }
          }
          for (const band of bands) {
            const y0 = u.valToPos(band.hi, 'y', true);
            const y1 = u.valToPos(band.lo, 'y', true);
            ctx.fillStyle = band.color;
            ctx.fillRect(left, Math.min(y0, y1) - 1, width, Math.max(3, Math.abs(y1 - y0)));
          }
          ctx.setLineDash([4, 4]);
          ctx.strokeStyle = 'rgba(150, 90, 0, 0.8)';
          ctx.lineWidth = 1;
          for (const mark of marks) {
            const x = u.valToPos(mark.t, 'x', true);
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
          }
          ctx.restore();
          u.root.dataset.shaded = String(shaded);
          u.root.dataset.marks = String(marks.length);
        },
      ],
    },
  };
}
