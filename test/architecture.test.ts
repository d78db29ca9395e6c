// The shape of src/, checked: dependencies point one way (cli → runner, workloads → gossip →
// crdt, maelstrom, storage; crdt knows no Maelstrom, storage knows neither; inside the runner,
// commands → output → run → workloads, services, nemesis, hosts → checkers, net → base →
// records), there are no import cycles, and no function runs
// past about 80 lines (measured on the code's own indentation: a function ends at the first
// closing brace back at its own indent).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const src = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const files = sourceFiles(src);
const imports = new Map(
  files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\b[^'"]*from '(\.[^']+)'/gm)].map((m) => resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
    return [file, targets];
  }),
);
const area = (file: string): string => relative(src, file).split('/')[0].replace(/\.ts$/, '');

describe('src/ layering', () => {
  // What each top-level area may import besides itself.
  const allowed: Record<string, string[]> = {
    crdt: [],
    maelstrom: [],
    storage: [],
    gossip: ['crdt', 'maelstrom'],
    workloads: ['gossip', 'crdt', 'maelstrom', 'storage'],
    runner: ['workloads', 'gossip', 'crdt', 'maelstrom', 'storage'],
    cli: ['runner', 'workloads', 'gossip', 'crdt', 'maelstrom', 'storage'],
    index: ['crdt', 'gossip', 'maelstrom', 'workloads', 'storage'],
  };

  test('every import points down the layers', () => {
    const wrong: string[] = [];
    for (const [file, targets] of imports) {
      for (const target of targets) {
        if (area(target) !== area(file) && !allowed[area(file)]?.includes(area(target))) wrong.push(`${relative(src, file)} → ${relative(src, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(src, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of imports.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  // Inside src/runner, top to bottom: a folder (or the face, index.ts) imports only folders on
  // lower rows. The commands stand on the output and the run; the run on the workloads, services,
  // nemesis and hosts; those on the checkers and the network; everything on base/ and records/.
  const runnerRows: string[][] = [
    ['index'],
    ['sim', 'check'],
    ['command-line'],
    ['output'],
    ['run'],
    ['workloads', 'services', 'nemesis', 'hosts'],
    ['checkers', 'net'],
    ['base'],
    ['records'],
  ];
  const runner = join(src, 'runner');
  const runnerArea = (file: string): string => relative(runner, file).split('/')[0].replace(/\.ts$/, '');
  const row = (file: string): number => runnerRows.findIndex((r) => r.includes(runnerArea(file)));

  test('inside src/runner every import points down the rows', () => {
    const inRunner = (file: string): boolean => area(file) === 'runner';
    const unplaced = files
      .filter(inRunner)
      .filter((file) => row(file) < 0)
      .map((file) => relative(src, file));
    expect(unplaced).toEqual([]);
    const wrong: string[] = [];
    for (const [file, targets] of imports) {
      if (!inRunner(file)) continue;
      for (const target of targets) {
        if (inRunner(target) && runnerArea(target) !== runnerArea(file) && row(target) <= row(file))
          wrong.push(`${relative(src, file)} → ${relative(src, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('a checker never needs a run: checkers/ import nothing of the runner but base/ and records/', () => {
    const reached = new Set<string>();
    for (const [file, targets] of imports) {
      if (area(file) === 'runner' && runnerArea(file) === 'checkers') {
        for (const target of targets) if (area(target) === 'runner' && runnerArea(target) !== 'checkers') reached.add(runnerArea(target));
      }
    }
    expect([...reached].sort()).toEqual(['base', 'records']);
  });
});

describe('function length', () => {
  const start =
    /^(\s*)(?:export )?(?:async )?function\b|^(\s*)(?:(?:private|public|protected|static|async|get|set) )*[\w$]+\([^)]*\)(?:: [^{]+)? \{$|^(\s*)(?:export )?(?:const|let) [\w$]+ = (?:async )?\([^)]*\)(?:: [^=]+)? => \{$/;

  /** Functions longer than `max` lines in the files given. */
  function longFunctions(among: string[], max: number): string[] {
    const long: string[] = [];
    for (const file of among) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = start.exec(line);
        if (!m || !line.trimEnd().endsWith('{')) return;
        const indent = m[1] ?? m[2] ?? m[3] ?? '';
        const end = lines.findIndex((l, j) => j > i && l.startsWith(`${indent}}`));
        if (end - i + 1 > max) long.push(`${relative(src, file)}:${i + 1} ${end - i + 1} lines`);
      });
    }
    return long;
  }

  test('no function in src/ is longer than about 80 lines', () => {
    expect(longFunctions(files, 85)).toEqual([]);
  });

  // Issue 23: replication stays in small pieces, the replicator a thin one that acts on them.
  test('no function in src/gossip is longer than 40 lines, and replicator.ts is under 250', () => {
    expect(
      longFunctions(
        files.filter((f) => area(f) === 'gossip'),
        40,
      ),
    ).toEqual([]);
    expect(readFileSync(join(src, 'gossip', 'replicator.ts'), 'utf8').split('\n').length).toBeLessThan(250);
  });
});
