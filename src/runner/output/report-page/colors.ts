// Colours of the report: one hue per operation f, outcome by family (ok in the f's hue, fail
// red, info orange), one hue per node, and the shading of each fault kind.

const spanColors: Record<string, string> = {
  partition: 'rgba(220, 50, 50, 0.14)',
  kill: 'rgba(70, 70, 70, 0.16)',
  pause: 'rgba(50, 100, 230, 0.14)',
};

export function spanColor(kind: string): string {
  return spanColors[kind] ?? 'rgba(210, 150, 0, 0.16)';
}

/** The same colour, opaque: for legends and borders. */
export function spanEdge(kind: string): string {
  return spanColor(kind).replace(/,\s*[\d.]+\)$/, ', 0.9)');
}

const fHues: Record<string, number> = { read: 210, broadcast: 140, add: 140, echo: 270 };

/** Colour of a "<f> <outcome>" series. */
export function opColor(label: string): string {
  const [f, outcome] = label.split(' ');
  const hue = fHues[f] ?? hashHue(f) % 360;
  if (outcome === 'fail') return `hsl(${(355 + (hue % 40)) % 360}, 80%, 48%)`;
  if (outcome === 'info') return `hsl(${30 + (hue % 25)}, 95%, 48%)`;
  return `hsl(${hue}, 65%, 42%)`;
}

/** n well-separated colours (nodes). */
export function nodeColor(i: number, n: number): string {
  const hue = Math.round((i * 360) / Math.max(1, n) + (i % 2) * 17) % 360;
  return `hsl(${hue}, 70%, ${i % 3 === 0 ? 40 : i % 3 === 1 ? 50 : 32}%)`;
}

function hashHue(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}
