// Bundles the node, the CLI, the library and the benchmarks with esbuild, and emits the
// library's type declarations with tsc. One file per entry keeps process start fast: the
// runner spawns 25+ nodes at once.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');

// The report page (uPlot included) for the browser, minified; the report writer inlines it into
// every report.html, so the CLI bundle carries it as two string constants.
const page = await build({
  entryPoints: { 'report-page': 'src/runner/output/report-page/main.ts', 'report-page-style': 'src/runner/output/report-page/style.css' },
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  minify: true,
  write: false,
  outdir: 'dist',
  logLevel: 'warning',
});
const pageFile = (ext) => page.outputFiles.find((f) => f.path.endsWith(ext)).text;
const pageJs = pageFile('report-page.js');
const pageCss = pageFile('report-page-style.css');
writeFileSync('dist/report-page.js', pageJs);
writeFileSync('dist/report-page.css', pageCss);

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: Object.fromEntries(
    Object.entries({
      index: 'src/index.ts',
      node: 'src/cli/workload-node.ts',
      cli: 'src/cli/ygossip.ts',
      bench: 'bench/run.ts',
      // The linearizability bench measures each check in a process of its own.
      'bench-linearizability': 'bench/linearizability/child.ts',
    }).filter(([, file]) => existsSync(file)),
  ),
  outdir: 'dist',
  splitting: false,
  define: { __REPORT_PAGE_JS__: JSON.stringify(pageJs), __REPORT_PAGE_CSS__: JSON.stringify(pageCss) },
});

// Declarations for `import … from 'ygossip'`: only the library's surface.
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
