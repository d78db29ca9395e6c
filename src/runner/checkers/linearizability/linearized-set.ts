// The set of operations a search has linearized so far: one bitset for definite ops (numbered
// in invocation order), one for indefinite ops, the first definite op not in the set (d: every
// definite op before it is in), and a Zobrist hash of the members kept as they come and go.

export class LinearizedSet {
  readonly definite: Int32Array;
  readonly indefinite: Int32Array;
  /** First definite rank not in the set (nDefinite when all are). */
  d = 0;
  /** XOR of the members' keys. */
  hash = 0;

  constructor(
    readonly nDefinite: number,
    nIndefinite: number,
  ) {
    this.definite = new Int32Array((nDefinite >> 5) + 1);
    this.indefinite = new Int32Array((nIndefinite >> 5) + 1);
  }

  hasDefinite(r: number): boolean {
    return ((this.definite[r >> 5] >>> (r & 31)) & 1) === 1;
  }

  hasIndefinite(i: number): boolean {
    return ((this.indefinite[i >> 5] >>> (i & 31)) & 1) === 1;
  }

  addDefinite(r: number, key: number): void {
    this.hash ^= key;
    this.definite[r >> 5] |= 1 << (r & 31);
    if (r !== this.d) return;
    let d = r + 1;
    while (d < this.nDefinite && this.hasDefinite(d)) d++;
    this.d = d;
  }

  removeDefinite(r: number, key: number): void {
    this.hash ^= key;
    this.definite[r >> 5] &= ~(1 << (r & 31));
    if (r < this.d) this.d = r;
  }

  addIndefinite(i: number, key: number): void {
    this.hash ^= key;
    this.indefinite[i >> 5] |= 1 << (i & 31);
  }

  removeIndefinite(i: number, key: number): void {
    this.hash ^= key;
    this.indefinite[i >> 5] &= ~(1 << (i & 31));
  }
}
