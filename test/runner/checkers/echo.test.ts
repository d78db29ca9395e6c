import { describe, expect, it } from 'vitest';
import { checkEcho } from '../../../src/runner/checkers/echo.js';
import { JsonFloat } from '../../../src/runner/base/exact-json.js';
import { historyBuilder } from './history-builder.js';

describe('echo checker', () => {
  it('accepts responses that echo what was sent', () => {
    const h = historyBuilder();
    h.invoke(0, 'echo', 'Please echo 7', 0);
    h.invoke(1, 'echo', 'Please echo 9', 0);
    h.ok(1, 'echo', { type: 'echo_ok', echo: 'Please echo 9', in_reply_to: 1 }, 1);
    h.ok(0, 'echo', { type: 'echo_ok', echo: 'Please echo 7', in_reply_to: 1, msg_id: 3 }, 2);
    expect(checkEcho(h.ops)).toEqual({ 'valid?': true, errors: [] });
  });

  it('is invalid on a timed-out echo, whose completion carries the sent string', () => {
    const h = historyBuilder();
    h.invoke(0, 'echo', 'Please echo 7', 0);
    h.info(0, 'echo', 'Please echo 7', 5000, { error: 'net-timeout' });
    expect(checkEcho(h.ops)).toEqual({
      'valid?': false,
      errors: [['Expected a message with :echo', 'Please echo 7', 'But received', 'Please echo 7']],
    });
  });

  it('is invalid on a wrong echo and on an invocation that never completed', () => {
    const h = historyBuilder();
    h.invoke(0, 'echo', 'Please echo 7', 0);
    h.ok(0, 'echo', { type: 'echo_ok', echo: 'Please echo 8' }, 1);
    h.invoke(1, 'echo', 'Please echo 1', 2);
    const r = checkEcho(h.ops);
    expect(r['valid?']).toBe(false);
    expect(r.errors).toEqual([
      ['Expected a message with :echo', 'Please echo 7', 'But received', { type: 'echo_ok', echo: 'Please echo 8' }],
      ['Expected a message with :echo', 'Please echo 1', 'But received', null],
    ]);
  });

  it('compares as Clojure does, at any depth Maelstrom reads: maps regardless of key order, 3 never 3.0', () => {
    let sent: unknown = { a: 1, b: 'x' };
    let same: unknown = { b: 'x', a: 1 };
    let other: unknown = { b: 'x', a: new JsonFloat(1, '1.0') };
    for (let i = 0; i < 900; i++) [sent, same, other] = [[sent], [same], [other]];
    const h = historyBuilder();
    h.invoke(0, 'echo', sent, 0);
    h.ok(0, 'echo', { type: 'echo_ok', echo: same }, 1);
    h.invoke(0, 'echo', sent, 2);
    h.ok(0, 'echo', { type: 'echo_ok', echo: other }, 3);
    const r = checkEcho(h.ops);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0][3]).toEqual({ type: 'echo_ok', echo: other });
  });
});
