// Bundles the node, the CLI, the library and the benchmarks with esbuild, and emits the
// library's type declarations with tsc. One file per entry keeps process start fast: the
// runner spawns 25+ nodes at once.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });

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
    }).filter(([, file]) => existsSync(file)),
  ),
  outdir: 'dist',
  splitting: false,
});

// Declarations for `import … from 'ygossip'`: only the library's surface.
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
