import { test } from 'vitest';
import { GrowOnlySet } from '../../src/crdt/g-set.js';
test('scratch', () => {
const a = new GrowOnlySet({clientId: 1}), b = new GrowOnlySet({clientId: 2});
a.add(1,2,3); b.add(3,4);
b.apply(a.diff(b.stateVector()), 'a'); a.apply(b.diff(a.stateVector()), 'b');
console.log(a.values(), b.values(), a.size, b.size);
for (const bytes of [[1,2,3,4,5,6],[0,0],[1,1,5,0,8,1,1,1,1]]) {
try { a.apply(new Uint8Array(bytes)); console.log('applied', bytes) } catch (e) { console.log(String(e)); }
}
console.log(a.diff(b.stateVector()).length, a.values());
});
