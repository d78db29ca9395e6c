// Maelstrom's client outcome table (Maelstrom's client.clj: with-errors and defrpc's closed schemas) and its closed reply schemas, row by row:
// for each workload, what a reply, an error or silence becomes in the history.
import { describe, expect, test } from 'vitest';
import type { Body } from '../../../src/maelstrom/message.js';
import { parseExactJson } from '../../../src/runner/base/exact-json.js';
import { createWorkload, type PlannedOp, type RpcOutcome, type WorkloadName } from '../../../src/runner/workloads/index.js';
import { broadcastRpcs, counterRpcs, echoRpcs, gSetRpcs } from '../../../src/workloads/rpc.js';

const ops: Record<string, PlannedOp> = {
  broadcast: { f: 'broadcast', value: 7, rpc: broadcastRpcs.broadcast, fields: { message: 7 } },
  'broadcast read': { f: 'read', value: null, rpc: broadcastRpcs.read, fields: {} },
  'g-set add': { f: 'add', value: 7, rpc: gSetRpcs.add, fields: { element: 7 } },
  'g-set read': { f: 'read', value: null, rpc: gSetRpcs.read, fields: {} },
  'counter add': { f: 'add', value: 3, rpc: counterRpcs.add, fields: { delta: 3 } },
  'counter read': { f: 'read', value: null, rpc: counterRpcs.read, fields: {} },
  echo: { f: 'echo', value: 'hi', rpc: echoRpcs.echo, fields: { echo: 'hi' } },
};

const timeout: RpcOutcome = { kind: 'timeout' };
const reply = (body: Record<string, unknown>): RpcOutcome => ({ kind: 'reply', body: { in_reply_to: 1, ...body } as Body });
const definite = reply({ type: 'error', code: 11, text: 'busy' });
const indefinite = reply({ type: 'error', code: 13, text: 'oops' });
const custom = reply({ type: 'error', code: 1000 });
const floatCode = reply({ type: 'error', code: parseExactJson('11.0') });

// [workload, op, outcome, expected type, expected error]
const table: [WorkloadName, string, RpcOutcome, string, unknown][] = [
  ['broadcast', 'broadcast', reply({ type: 'broadcast_ok' }), 'ok', undefined],
  ['broadcast', 'broadcast', timeout, 'info', 'net-timeout'],
  ['broadcast', 'broadcast', definite, 'fail', ['temporarily-unavailable', 'busy']],
  ['broadcast', 'broadcast', indefinite, 'info', ['crash', 'oops']],
  ['broadcast', 'broadcast', custom, 'info', ['unknown', null]],
  ['broadcast', 'broadcast', floatCode, 'info', ['unknown', null]], // 11.0 is no code in the table
  ['broadcast', 'broadcast read', reply({ type: 'read_ok', messages: [1] }), 'ok', undefined],
  ['broadcast', 'broadcast read', timeout, 'fail', 'net-timeout'], // reads are idempotent
  ['broadcast', 'broadcast read', indefinite, 'fail', ['crash', 'oops']],
  ['g-set', 'g-set add', reply({ type: 'add_ok' }), 'ok', undefined],
  ['g-set', 'g-set add', timeout, 'info', 'net-timeout'],
  ['g-set', 'g-set add', definite, 'info', ['temporarily-unavailable', 'busy']], // no with-errors
  ['g-set', 'g-set read', timeout, 'info', 'net-timeout'],
  ['g-set', 'g-set read', definite, 'info', ['temporarily-unavailable', 'busy']],
  ['pn-counter', 'counter add', definite, 'info', ['temporarily-unavailable', 'busy']],
  ['pn-counter', 'counter read', reply({ type: 'read_ok', value: 4 }), 'ok', undefined],
  ['g-counter', 'counter read', timeout, 'info', 'net-timeout'],
  ['echo', 'echo', reply({ type: 'echo_ok', echo: 'hi' }), 'ok', undefined],
  ['echo', 'echo', timeout, 'info', 'net-timeout'],
  ['echo', 'echo', definite, 'fail', ['temporarily-unavailable', 'busy']],
  ['echo', 'echo', indefinite, 'info', ['crash', 'oops']],
];

describe('the outcome table', () => {
  test.each(table)('%s %s: %j → %s', (workload, op, outcome, type, error) => {
    const completion = createWorkload(workload).complete!(ops[op], outcome);
    expect(completion.type).toBe(type);
    expect(completion.error).toEqual(error);
    if (type !== 'ok') expect(completion.value).toEqual(ops[op].value); // a failure keeps what was asked
    const unwrapped = workload === 'g-set' || workload.endsWith('counter');
    if (type === 'info' && unwrapped) expect(completion.exception).toMatch(/^indeterminate: /);
  });

  test('ok values: an add keeps its value, a read takes the reply field, echo the whole body', () => {
    expect(createWorkload('broadcast').complete!(ops['broadcast read'], reply({ type: 'read_ok', messages: null })).value).toBeNull();
    expect(createWorkload('g-set').complete!(ops['g-set read'], reply({ type: 'read_ok', value: [1, 2] })).value).toEqual([1, 2]);
    expect(createWorkload('pn-counter').complete!(ops['counter add'], reply({ type: 'add_ok' })).value).toBe(3);
    expect(createWorkload('echo').complete!(ops.echo, reply({ type: 'echo_ok', echo: 'hi', msg_id: 5 })).value).toEqual({
      in_reply_to: 1,
      type: 'echo_ok',
      echo: 'hi',
      msg_id: 5,
    });
  });
});

describe('closed reply schemas: anything else is a malformed reply, :info with an exception', () => {
  const malformed: [WorkloadName, string, Record<string, unknown>, RegExp][] = [
    ['broadcast', 'broadcast', { type: 'broadcast_ok', message: 7 }, /key "message" is not allowed/],
    ['broadcast', 'broadcast', { type: 'read_ok' }, /expected type broadcast_ok/],
    ['broadcast', 'broadcast read', { type: 'read_ok' }, /missing key "messages"/],
    ['broadcast', 'broadcast read', { type: 'read_ok', messages: { a: 1 } }, /"messages" must be an array/],
    ['broadcast', 'broadcast', { type: 'broadcast_ok', msg_id: 'x' }, /msg_id must be an integer/],
    ['broadcast', 'broadcast', { type: 'broadcast_ok', msg_id: parseExactJson('2.0') }, /msg_id must be an integer, got 2\.0/],
    ['g-set', 'g-set add', { type: 'add_ok', element: 7 }, /key "element" is not allowed/],
    ['g-counter', 'counter read', { type: 'read_ok', value: null }, /"value" must be an integer/],
    ['pn-counter', 'counter read', { type: 'read_ok', value: parseExactJson('3.0') }, /"value" must be an integer, got 3\.0/],
    ['pn-counter', 'counter read', { type: 'read_ok', value: 1.5 }, /"value" must be an integer/],
    ['pn-counter', 'counter read', { type: 'read_ok' }, /missing key "value"/],
    ['echo', 'echo', { type: 'echo_ok' }, /missing key "echo"/],
  ];
  test.each(malformed)('%s %s: %j', (workload, op, body, why) => {
    const completion = createWorkload(workload).complete!(ops[op], reply(body));
    expect(completion.type).toBe('info');
    expect(completion.exception).toMatch(/^malformed-rpc-response: /);
    expect(completion.exception).toMatch(why);
  });

  test('allowed: msg_id on a reply, null for a list, integers of any size', () => {
    expect(createWorkload('broadcast').complete!(ops.broadcast, reply({ type: 'broadcast_ok', msg_id: 9 })).type).toBe('ok');
    expect(createWorkload('g-set').complete!(ops['g-set read'], reply({ type: 'read_ok', value: null })).type).toBe('ok');
    expect(createWorkload('pn-counter').complete!(ops['counter read'], reply({ type: 'read_ok', value: 10n ** 20n })).type).toBe('ok');
  });
});
