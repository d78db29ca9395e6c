// `ygossip serve`: a small local HTTP server over a store folder. / lists the runs newest first
// with their verdicts; /runs/<path>/ serves a run's report.html (drawn on first view when the
// run has none) and its other files. Loopback only unless told otherwise; read-only but for
// the reports it writes; never serves anything outside the store.
import { createReadStream, realpathSync, statSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { writeHtmlReport } from './html-report.js';
import { listRuns, type RunEntry } from './run-index.js';

export interface ServeOptions {
  store: string;
  port: number;
  host: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export async function serveRuns(options: ServeOptions): Promise<RunningServer> {
  const store = resolve(options.store);
  const drawing = new Map<string, Promise<string>>();
  const reportFor = (dir: string): Promise<string> => {
    let p = drawing.get(dir);
    if (!p) {
      p = writeHtmlReport(dir).finally(() => drawing.delete(dir));
      drawing.set(dir, p);
    }
    return p;
  };

  const server = createServer((req, res) => {
    handle(store, reportFor, req, res).catch((e: Error) => send(res, 500, 'text/plain; charset=utf-8', `error: ${e.message}\n`));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

async function handle(store: string, reportFor: (dir: string) => Promise<string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only\n');
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/') return send(res, 200, contentTypes['.html'], indexPage(store, listRuns(store)));
  if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
  if (!url.pathname.startsWith('/runs/')) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');

  const target = insideStore(store, url.pathname.slice('/runs/'.length));
  if (target === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  const stat = statOrUndefined(target);
  if (stat?.isDirectory()) {
    if (!url.pathname.endsWith('/')) return redirect(res, `${url.pathname}/`);
    return send(res, 200, contentTypes['.html'], folderPage(url.pathname, target, isRunDir(target)));
  }
  if (!stat && basename(target) === 'report.html' && isRunDir(dirname(target))) {
    await reportFor(dirname(target));
    return sendFile(res, target);
  }
  if (!stat?.isFile()) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  return sendFile(res, target);
}

/** The absolute path for a URL path under the store, or undefined if it would leave it. */
function insideStore(store: string, urlPath: string): string | undefined {
  let parts: string[];
  try {
    parts = urlPath
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (parts.some((p) => p === '..' || p === '.' || p.includes('/') || p.includes('\\') || p.includes('\0'))) return undefined;
  const target = join(store, ...parts);
  // Symlinks (latest) are followed only when they stay inside the store.
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    real = target;
  }
  const root = (() => {
    try {
      return realpathSync(store);
    } catch {
      return store;
    }
  })();
  return real === root || real.startsWith(root + sep) ? target : undefined;
}

function isRunDir(dir: string): boolean {
  return ['results.json', 'test.json', 'history.jsonl'].some((f) => statOrUndefined(join(dir, f))?.isFile());
}

function sendFile(res: ServerResponse, path: string): void {
  const ext = extname(path);
  res.writeHead(200, { 'content-type': contentTypes[ext] ?? 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  createReadStream(path)
    .on('error', () => res.end())
    .pipe(res);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const pageStyle = `body{font:14px/1.45 system-ui,sans-serif;color:#1d2330;max-width:1100px;margin:0 auto;padding:16px 24px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 10px;border-bottom:1px solid #e3e6ec}
th{color:#5a6272;font-weight:600}.valid{color:#17692c;font-weight:600}.invalid,.error{color:#a31212;font-weight:700}
.unknown{color:#7a5a00;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}a{color:#2a5bd7}`;

function indexPage(store: string, runs: RunEntry[]): string {
  const word = { true: 'valid', false: 'INVALID', unknown: 'unknown', error: 'did not complete' } as const;
  const rows = runs.map((r) => {
    const href = `/runs/${r.path.split('/').map(encodeURIComponent).join('/')}/`;
    const verdict = String(r.verdict) as keyof typeof word;
    return (
      `<tr class="run"><td>${escapeHtml(r.time.toLocaleString('sv-SE'))}</td><td>${escapeHtml(r.workload)}</td>` +
      `<td class="${verdict === 'true' ? 'valid' : verdict === 'false' ? 'invalid' : verdict}">${word[verdict]}</td>` +
      `<td class="num">${r.nodes ?? ''}</td><td class="num">${r.timeLimit ?? ''}</td><td class="num">${r.rate ?? ''}</td><td>${escapeHtml(r.nemesis ?? '')}</td>` +
      `<td><a class="report" href="${href}report.html">report</a>${r.hasReport ? '' : ' (drawn on first view)'} · <a href="${href}">files</a></td></tr>`
    );
  });
  const body = runs.length
    ? `<table><thead><tr><th>started</th><th>workload</th><th>verdict</th><th>nodes</th><th>seconds</th><th>rate</th><th>nemesis</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>No runs yet under ${escapeHtml(store)}: <code>ygossip test</code> or <code>ygossip sim</code> with <code>--store ${escapeHtml(store)}</code> writes them there.</p>`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ygossip runs</title><style>${pageStyle}</style></head>` +
    `<body><h1>ygossip runs</h1><p>${runs.length} runs in ${escapeHtml(store)}, newest first.</p>${body}</body></html>`
  );
}

function folderPage(urlPath: string, dir: string, isRun: boolean): string {
  const names = readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  if (isRun && !names.includes('report.html')) names.unshift('report.html');
  const links = names.map((n) => `<li><a href="${urlPath}${encodeURIComponent(n.replace(/\/$/, ''))}${n.endsWith('/') ? '/' : ''}">${escapeHtml(n)}</a></li>`);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(urlPath)}</title><style>${pageStyle}</style></head>` +
    `<body><p><a href="/">all runs</a></p><h1>${escapeHtml(urlPath)}</h1><ul>${links.join('')}</ul></body></html>`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
