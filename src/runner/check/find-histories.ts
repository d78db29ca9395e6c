// The histories a `ygossip check` path names: a file is itself; a run's folder its history
// (ours, history.jsonl, before Maelstrom's history.edn); any other folder every run folder
// under it. The path named is followed if it is a symlink (`ygossip check store/latest`); the
// symlinks under a folder are not (store/latest would count a run twice), nor Maelstrom's
// independent/ (per-key subhistories of a lin-kv run) and our node-logs/ and data/.
import { readdir, stat as statPath } from 'node:fs/promises';
import { join } from 'node:path';

const historyNames = ['history.jsonl', 'history.edn'];
const skipped = new Set(['independent', 'node-logs', 'data', 'net-journal']);

export async function findHistories(path: string): Promise<string[]> {
  // Folders below come from directory entries, which never name a symlink as a directory.
  const stat = await statPath(path);
  if (!stat.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const names = new Set(entries.map((e) => e.name));
  const own = historyNames.find((name) => names.has(name));
  if (own !== undefined) return [join(path, own)];
  const found: string[] = [];
  const dirs = entries
    .filter((e) => e.isDirectory() && !skipped.has(e.name))
    .map((e) => e.name)
    .sort();
  for (const dir of dirs) found.push(...(await findHistories(join(path, dir))));
  return found;
}
