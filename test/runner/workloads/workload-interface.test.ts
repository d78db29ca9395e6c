// The workload interface beyond one RPC per operation, with a workload of the test's own shaped
// like kafka's: an operation of two RPCs (poll, then commit) over per-client state that a new
// client starts afresh, a :crash op that needs no RPC, a generator that is :pending for a while
// and hears every completion, and a final phase of a crash then spaced polls, cut by its time cap.
import { describe, expect, test } from 'vitest';
import type { Op } from '../../../src/runner/records/history.js';
import { completeOp, finalReads, type OpGenerator, type OpPlan, type Workload } from '../../../src/runner/workloads/index.js';
import { runScriptedWith, withSetup } from '../../helpers/scripted-nodes.js';

interface PollState {
  polls: number;
}

const style = { wraps: true, idempotent: new Set<string>() };
const rpc = (type: string) => ({ type, request: {}, response: {} });

function kafkaLike(heard: Op[], finalPolls: number[]): Workload {
  const generator = (): OpGenerator<OpPlan> => {
    let k = 0;
    return {
      next: (ctx) => {
        if (ctx.time < 500) return 'pending';
        if (ctx.free.length === 0) return 'pending';
        return { op: { f: k++ % 7 === 6 ? 'crash' : 'poll', value: null }, thread: ctx.free[0].thread };
      },
      update: (completion) => void heard.push(completion),
    };
  };
  const workload: Workload<{ 'valid?': true }, OpPlan, PollState> = {
    name: 'echo',
    generator,
    client: { state: () => ({ polls: 0 }) },
    async perform(op, client) {
      if (op.f === 'crash') return { type: 'info', value: null };
      const polled = await client.call({ type: 'poll' });
      if (polled.kind === 'timeout') return { type: 'info', value: null, error: 'net-timeout' };
      const committed = await client.call({ type: 'commit', offset: ++client.state.polls });
      return completeOp(style, { ...op, rpc: rpc('commit'), fields: {} }, committed, () => [client.id, client.state.polls]);
    },
    final: {
      timeLimitS: 1,
      async run(thread) {
        await thread.invoke({ f: 'crash', value: null });
        for (;;) {
          await thread.sleep(thread.random() * 400);
          const done = await thread.invoke({ f: 'poll', value: null });
          if (done === undefined) return;
          finalPolls.push(done.time);
        }
      },
    },
    check: () => ({ 'valid?': true }),
    summaryRows: () => [],
    reportLines: () => [],
  };
  return workload;
}

const node = withSetup((n, message) => {
  if (message.body.type === 'poll') n.reply(message, { type: 'poll_ok' });
  if (message.body.type === 'commit') n.reply(message, { type: 'commit_ok' });
});

describe('a workload with perform(), client state, a pending generator and a final routine', async () => {
  const heard: Op[] = [];
  const finalPolls: number[] = [];
  const outcome = await runScriptedWith(
    { workload: kafkaLike(heard, finalPolls) },
    node,
    ...'-w echo --node-count 2 --concurrency 2 --time-limit 3 --rate 20 --seed 5'.split(' '),
  );
  const main = outcome.history.slice(
    0,
    outcome.history.findIndex((op) => op.time > 3.1e9),
  );

  test('nothing is issued while the generator is pending, and it hears every main-phase completion', () => {
    expect(outcome.error).toBeUndefined();
    const first = outcome.history.find((op) => op.type === 'invoke')!;
    expect(first.time).toBeGreaterThanOrEqual(500e6);
    expect(heard.length).toBe(main.filter((op) => op.type !== 'invoke').length);
    expect(heard.length).toBeGreaterThan(20);
  });

  test('each poll is two RPCs from one client, and a crash (no RPC) gives the thread a new client with fresh state', () => {
    const polls = main.filter((op) => op.f === 'poll' && op.type === 'ok');
    for (const op of polls) expect(op.value).toEqual([expect.stringMatching(/^c\d+$/), expect.any(Number)]);
    const pollsSent = outcome.journal.events.filter((e) => e.type === 'send' && e.message.body.type === 'poll').length;
    const commitsSent = outcome.journal.events.filter((e) => e.type === 'send' && e.message.body.type === 'commit').length;
    expect(commitsSent).toBe(pollsSent);
    // Per client id, the state counts 1, 2, 3, … from the first op of that client.
    const byClient = new Map<string, number[]>();
    for (const op of polls) {
      const [client, count] = op.value as [string, number];
      byClient.set(client, [...(byClient.get(client) ?? []), count]);
    }
    expect(byClient.size).toBeGreaterThan(2);
    for (const counts of byClient.values()) expect(counts).toEqual(counts.map((_, i) => i + 1));
    const crashes = main.filter((op) => op.f === 'crash' && op.type === 'info');
    expect(crashes.length).toBeGreaterThan(0);
  });

  test('the final routine runs on every thread: a crash, then spaced polls, none started after the cap', () => {
    const final = outcome.history.slice(outcome.history.findIndex((op) => op.time >= 12.9e9 && op.type === 'invoke'));
    // Thread = process mod concurrency: a crash gives the thread a new process.
    const firstPerThread = new Map<number, string>();
    for (const op of final) if (op.type === 'invoke' && !firstPerThread.has((op.process as number) % 2)) firstPerThread.set((op.process as number) % 2, op.f);
    expect([...firstPerThread.values()]).toEqual(['crash', 'crash']);
    const phaseStart = final[0].time;
    const invokes = final.filter((op) => op.type === 'invoke');
    expect(invokes.every((op) => op.time < phaseStart + 1e9)).toBe(true);
    expect(finalPolls.length).toBeGreaterThan(2);
  });

  test('one final read per thread is the simple case', () => {
    const phase = finalReads({ f: 'read', value: null, final: true });
    expect(phase.timeLimitS).toBeUndefined();
  });
});

describe('a perform() that throws', () => {
  test("is an :info op carrying the exception, as Jepsen's interpreter records it; the thread goes on", async () => {
    const boom: Workload = {
      name: 'echo',
      generator: () => () => ({ f: 'boom', value: 1 }),
      perform: () => {
        throw new Error('kaput');
      },
      check: () => ({ 'valid?': true }),
      summaryRows: () => [],
      reportLines: () => [],
    };
    const outcome = await runScriptedWith({ workload: boom }, node, '-w', 'echo', '--node-count', '1', '--time-limit', '1', '--rate', '10', '--seed', '2');
    const infos = outcome.history.filter((op) => op.type === 'info');
    expect(infos.length).toBeGreaterThan(3);
    expect(infos[0]).toMatchObject({ f: 'boom', value: 1, error: 'indeterminate: kaput', exception: 'kaput' });
    expect(new Set(infos.map((op) => op.process)).size).toBe(infos.length);
  });
});
