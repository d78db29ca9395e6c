process.exit = () => {};
const m = await import('./dist/cli.js');
for (let i = 0; i < 2; i++) {
  const t = performance.now();
  await m.main('sim -w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 --nemesis partition --seed 7 --store /tmp/st5'.split(' '));
  console.error('round', i, ((performance.now() - t) / 1000).toFixed(2), 's');
}
