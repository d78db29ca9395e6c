// Two replicas of a grow-only set and of a PN-counter diverge, swap diffs, and converge.
// Run after a build: `node build.mjs && node examples/converge.mjs`.
import { GrowOnlySet, PNCounter } from 'ygossip';

// Each replica is a Yjs writer with its own client id (random when omitted).
const a = new GrowOnlySet({ clientId: 1 });
const b = new GrowOnlySet({ clientId: 2 });
a.add('apple', 'pear');
b.add('pear', 'plum');
console.log('set a before:', a.values());
console.log('set b before:', b.values());

// A diff holds exactly what the other replica lacks, given its state vector; the origin names
// the peer, so onChange listeners can tell replication from local writes.
b.onChange(({ origin, local }) => console.log(`set b changed (origin ${origin}, local ${local})`));
b.apply(a.diff(b.stateVector()), 'a');
a.apply(b.diff(a.stateVector()), 'b');
console.log('set a after: ', [...a.values()].sort());
console.log('set b after: ', [...b.values()].sort());

const x = new PNCounter({ clientId: 3 });
const y = new PNCounter({ clientId: 4 });
x.add(5);
x.add(-2);
y.add(10);
y.add(2n ** 64n); // exact beyond 2^53
console.log('counter x before:', x.value(), ' y before:', y.value());

// Applying a diff twice, or a stale one, changes nothing: updates are idempotent.
const fromX = x.diff(y.stateVector());
y.apply(fromX, 'x');
y.apply(fromX, 'x');
x.apply(y.diff(x.stateVector()), 'y');
console.log('counter x after: ', x.value(), ' y after:', y.value());
console.log('nothing left to send:', x.diff(y.stateVector()).length, 'bytes (an empty update)');
