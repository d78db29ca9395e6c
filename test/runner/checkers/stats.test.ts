import { describe, expect, it } from 'vitest';
import { checkAvailability } from '../../../src/runner/checkers/availability.js';
import { checkExceptions, exceptionClass } from '../../../src/runner/checkers/exceptions.js';
import { checkStats } from '../../../src/runner/checkers/stats.js';
import { historyBuilder } from './history-builder.js';

describe('stats', () => {
  it('counts client completions overall and by f, sorted by f', () => {
    const h = historyBuilder();
    h.info('nemesis', 'start-partition', null, 0);
    h.invoke(0, 'read', null, 0);
    h.ok(0, 'read', [], 1);
    h.invoke(1, 'broadcast', 1, 0);
    h.ok(1, 'broadcast', 1, 1);
    h.invoke(2, 'broadcast', 2, 0);
    h.info(2, 'broadcast', 2, 1);
    h.invoke(0, 'read', null, 2);
    h.fail(0, 'read', null, 3);
    const r = checkStats(h.ops);
    expect(r).toEqual({
      'valid?': true,
      count: 4,
      'ok-count': 2,
      'fail-count': 1,
      'info-count': 1,
      'by-f': {
        broadcast: { 'valid?': true, count: 2, 'ok-count': 1, 'fail-count': 0, 'info-count': 1 },
        read: { 'valid?': true, count: 2, 'ok-count': 1, 'fail-count': 1, 'info-count': 0 },
      },
    });
    expect(Object.keys(r['by-f'])).toEqual(['broadcast', 'read']);
  });

  it('is false (not unknown) when every read failed', () => {
    const h = historyBuilder();
    h.invoke(1, 'broadcast', 1, 0);
    h.ok(1, 'broadcast', 1, 1);
    h.invoke(0, 'read', null, 0);
    h.fail(0, 'read', null, 5000);
    const r = checkStats(h.ops);
    expect(r['valid?']).toBe(false);
    expect(r['by-f'].read['valid?']).toBe(false);
  });

  it('is valid with no client ops', () => {
    expect(checkStats([])).toEqual({ 'valid?': true, count: 0, 'ok-count': 0, 'fail-count': 0, 'info-count': 0, 'by-f': {} });
  });
});

describe('availability', () => {
  const h = historyBuilder();
  h.info('nemesis', 'start-partition', null, 0);
  h.invoke(0, 'read', null, 0);
  h.ok(0, 'read', [], 1);
  h.invoke(0, 'read', null, 0);
  h.ok(0, 'read', [], 1);
  h.invoke(1, 'read', null, 0);
  h.fail(1, 'read', null, 1);

  it('reports ok / invoked as a float and is valid without a goal', () => {
    expect(checkAvailability(h.ops)).toEqual({ 'valid?': true, 'ok-fraction': 0.6666667 });
  });

  it('holds the fraction to the goal', () => {
    expect(checkAvailability(h.ops, 'total')['valid?']).toBe(false);
    expect(checkAvailability(h.ops, 0.5)['valid?']).toBe(true);
    expect(checkAvailability(h.ops, 0.7)['valid?']).toBe(false);
    expect(checkAvailability(h.ops.slice(0, 5), 'total')['valid?']).toBe(true);
  });

  it('is 1 with no invocations', () => {
    expect(checkAvailability([], 'total')).toEqual({ 'valid?': true, 'ok-fraction': 1 });
  });
});

describe('exceptions', () => {
  it('is just valid when no op carries an exception', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 1, 0);
    h.info(0, 'add', 1, 1, { error: 'net-timeout' });
    expect(checkExceptions(h.ops)).toEqual({ 'valid?': true });
  });

  it('groups :info exceptions by class, most frequent first, with the first as example', () => {
    const h = historyBuilder();
    h.invoke(0, 'read', null, 0);
    const a = h.info(0, 'read', null, 1, { exception: 'malformed-response: value must be a list' });
    h.invoke(1, 'read', null, 0);
    const b = h.info(1, 'read', null, 1, { exception: 'indeterminate: timeout' });
    h.invoke(2, 'read', null, 0);
    h.info(2, 'read', null, 1, { exception: 'indeterminate: crashed' });
    h.invoke(3, 'read', null, 0);
    h.fail(3, 'read', null, 1, { exception: 'ignored: not info' });
    expect(checkExceptions(h.ops)).toEqual({
      'valid?': true,
      exceptions: [
        { class: 'indeterminate', count: 2, example: b },
        { class: 'malformed-response', count: 1, example: a },
      ],
    });
  });

  it('uses the whole first line as class when there is no leading name', () => {
    expect(exceptionClass('something broke\nstack')).toBe('something broke');
    expect(exceptionClass('SyntaxError: Unexpected token')).toBe('SyntaxError');
  });
});
