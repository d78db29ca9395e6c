// The three verdicts a checker can give and how they combine (Jepsen's checker.clj, compose and merge-valid): false beats
// "unknown" beats true, as Jepsen's merge-valid ranks them.

export type Validity = true | false | 'unknown';

const rank = (v: unknown): number => {
  if (v === true) return 0;
  if (v === 'unknown') return 1;
  if (v === false) return 2;
  // Jepsen refuses unknown verdicts too: a checker returning one is a bug worth seeing.
  throw new TypeError(`${JSON.stringify(v)} is not a known valid? value`);
};

/** The worst of the verdicts; true when there are none. */
export function mergeValid(values: Iterable<unknown>): Validity {
  let worst: Validity = true;
  for (const v of values) if (rank(v) > rank(worst)) worst = v as Validity;
  return worst;
}

/** A verdict in the summary's and report's words. */
export function verdictWord(v: Validity): string {
  return v === true ? 'valid' : v === false ? 'INVALID' : 'unknown';
}
