// The top of the report: verdict, each checker's word, key figures, the command that reproduces
// the run, and links to the folder's other files.
import type { ReportData, Verdict } from '../report-data.js';

const words: Record<string, string> = { true: 'valid', false: 'INVALID', unknown: 'unknown', error: 'did not complete' };

export function drawHeader(root: HTMLElement, data: ReportData): void {
  const header = h('header', { class: 'summary' });
  // Served by `ygossip serve`: a way back to the list of runs (from disk there is none).
  if (location.protocol.startsWith('http')) header.append(h('a', { href: '/', class: 'back' }, '← all runs'));
  const verdict = h('div', { class: `verdict ${verdictClass(data.verdict)}`, id: 'verdict' }, words[String(data.verdict)]);
  header.append(h('h1', {}, data.title), verdict);
  if (data.error) header.append(h('pre', { class: 'error' }, data.error));
  if (data.checkers.length) {
    const list = h('ul', { class: 'checkers' });
    for (const c of data.checkers) {
      list.append(h('li', { class: verdictClass(c.valid), title: c.error ?? '' }, `${c.name} ${words[String(c.valid)]}`));
    }
    header.append(list);
  }
  const figures = h('dl', { class: 'figures' });
  for (const f of data.figures) {
    figures.append(h('dt', {}, f.label), h('dd', f.bad ? { class: 'bad' } : {}, f.value));
  }
  header.append(figures);
  if (data.command) header.append(h('pre', { class: 'command', title: 'reproduces this run' }, data.command));
  if (data.files.length) {
    const files = h('p', { class: 'files' }, 'Files: ');
    data.files.forEach((f, i) => {
      if (i > 0) files.append(' · ');
      files.append(h('a', { href: f === 'node-logs' ? 'node-logs/' : f }, f));
    });
    header.append(files);
  }
  root.append(header);
}

function verdictClass(v: Verdict | 'error'): string {
  return v === true ? 'valid' : v === false ? 'invalid' : v === 'error' ? 'invalid' : 'unknown';
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
