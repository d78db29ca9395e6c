import * as Y from 'yjs';
const N = 3000;
function setup(listen) {
  const doc = new Y.Doc({ gc: false });
  const src = [];
  for (let c = 1; c <= 25; c++) { const d = new Y.Doc({gc:false}); d.clientID = c*1000; d.getArray('a'); src.push(d); }
  for (const d of src) { for (let k=0;k<40;k++) d.getArray('a').push([d.clientID*1000+k]); Y.applyUpdate(doc, Y.encodeStateAsUpdate(d)); }
  // updates: each source adds 6 values, N times round robin
  const ups = [];
  for (let i = 0; i < N; i++) { const d = src[i % 25]; const sv = Y.encodeStateVector(d); d.getArray('a').push([1,2,3,4,5,6].map(x=>i*10+x)); ups.push(Y.encodeStateAsUpdate(d, sv)); }
  if (listen) { doc.on('update', () => {}); doc.on('beforeObserverCalls', () => {}); doc.on('afterTransaction', () => {}); doc.on('beforeTransaction', () => {}); doc.on('afterTransactionCleanup', () => {}); }
  return { doc, ups };
}
for (const listen of [false, true, false, true]) {
  const { doc, ups } = setup(listen);
  const t = performance.now();
  for (const u of ups) Y.applyUpdate(doc, u);
  console.log(listen ? 'listeners' : 'bare', ((performance.now() - t) / N * 1000).toFixed(1), 'us/apply');
}
