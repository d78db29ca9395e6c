// The unique-ids workload end to end on the simulation's clock: nodes that hand out only a
// counter repeat each other's ids (invalid, duplicates counted); ids with the node's id are
// valid, also under partitions with total availability (our own node there); the client keeps
// its id after an :info, as Maelstrom's reusable unique-ids client does.
import { describe, expect, test } from 'vitest';
import type { UniqueIdsResult } from '../../../src/runner/checkers/unique-ids.js';
import { parseOptions, type TestOptions } from '../../../src/runner/command-line/options.js';
import { simulate } from '../../../src/runner/sim/simulate.js';
import { runScripted, withSetup, type Script } from '../../helpers/scripted-nodes.js';

const run = ['-w', 'unique-ids', '--node-count', '3', '--time-limit', '3', '--rate', '50', '--seed', '4'];

/** Answers every generate with `id(node, k)` for the node's k-th request; drops every `dropEvery`-th. */
function generator(id: (node: string, k: number) => unknown, dropEvery = 0): Script {
  return withSetup((node, message) => {
    if (message.body.type !== 'generate') return;
    const k = ((node.state.next as number | undefined) ?? 0) + 1;
    node.state.next = k;
    if (dropEvery > 0 && k % dropEvery === 0) return;
    node.reply(message, { type: 'generate_ok', id: id(node.id, k) });
  });
}

describe('unique-ids workload', () => {
  test('a node that returns only a counter is invalid, its duplicates counted', async () => {
    const outcome = await runScripted(
      generator((_node, k) => k),
      ...run,
    );
    const w = outcome.results!.workload as UniqueIdsResult;
    expect(outcome.results!['valid?']).toBe(false);
    expect(w['valid?']).toBe(false);
    expect(w['duplicated-count']).toBeGreaterThan(10);
    expect(w.duplicated[0][1]).toBeGreaterThanOrEqual(2);
    expect(w['acknowledged-count']).toBe(w['attempted-count']);
  });

  test('with the node id in every id it is valid', async () => {
    const outcome = await runScripted(
      generator((node, k) => `${node}-${k}`),
      ...run,
    );
    const w = outcome.results!.workload as UniqueIdsResult;
    expect(outcome.results!['valid?']).toBe(true);
    expect(w).toMatchObject({ 'valid?': true, 'duplicated-count': 0, duplicated: [] });
    expect(w['acknowledged-count']).toBeGreaterThan(100);
  });

  test('a lost reply is :info and the thread keeps its client id (reusable client)', async () => {
    const outcome = await runScripted(
      generator((node, k) => `${node}-${k}`, 5),
      ...run,
      '--time-limit',
      '12',
    );
    const infos = outcome.history.filter((op) => op.type === 'info' && op.f === 'generate');
    expect(infos.length).toBeGreaterThanOrEqual(2);
    expect(infos.every((op) => op.error === 'net-timeout')).toBe(true);
    // Each :info gave its thread a new process number (thread + 3k) …
    expect(outcome.history.some((op) => op.type === 'invoke' && (op.process as number) >= 3)).toBe(true);
    // … but no new client: c0…c2 init the nodes, c3…c5 are setup clients that send nothing here,
    // and the three threads use c6, c7, c8 to the end.
    const clients = new Set(outcome.journal.events.filter((e) => e.message.src.startsWith('c')).map((e) => e.message.src));
    expect([...clients].sort()).toEqual(['c0', 'c1', 'c2', 'c6', 'c7', 'c8']);
    expect((outcome.results!.workload as UniqueIdsResult)['valid?']).toBe(true);
  });

  test('our node: valid with total availability under partitions', async () => {
    const options = parseOptions('sim', [...run, '--availability', 'total', '--nemesis', 'partition', '--nemesis-interval', '1']) as TestOptions;
    const outcome = await simulate(options, { seed: options.seed });
    expect(outcome.results!.availability).toMatchObject({ 'valid?': true, 'ok-fraction': 1 });
    expect(outcome.results!['valid?']).toBe(true);
    expect(outcome.history.some((op) => op.f === 'start-partition')).toBe(true);
  });
});
