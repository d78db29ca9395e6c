// Clojure equality for JSON values, as far as parsed JSON allows: a key per value such that two
// values share a key iff Clojure would call them equal, and a total order for sorted output.
// Limit: JSON.parse makes 1 and 1.0 the same JS number, so they cannot be told apart here (in
// Maelstrom they differ); integers and non-integers are otherwise distinct as numbers are.

/** Numbers key as themselves (cheap in a Map); every other value by a type-tagged string. */
export type ValueKey = number | string;

export function valueKey(v: unknown): ValueKey {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return `s${v}`;
  return `j${canonicalJson(v)}`;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return valueKey(a) === valueKey(b);
}

/** Numbers ascending, then strings, then everything else by canonical JSON. */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta - tb;
  if (ta === 0) return (a as number) - (b as number);
  const sa = ta === 1 ? (a as string) : canonicalJson(a);
  const sb = tb === 1 ? (b as string) : canonicalJson(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function typeRank(v: unknown): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2;
}

/** JSON with object keys sorted, so maps equal in Clojure's sense get one text. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
