import { describe, expect, it } from 'vitest';
import { checkEcho } from '../../../src/runner/checkers/echo.js';
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
});
