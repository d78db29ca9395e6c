// Maelstrom's rules for a node's line (net/envelope.ts): the nesting limit is Jackson's, counted
// by structure, never by the brackets a string happens to hold.
import { describe, expect, test } from 'vitest';
import { maxNestingDepth, parseEnvelope } from '../../../src/runner/net/envelope.js';

const line = (body: string): string => `{"src":"n0","dest":"c1","body":${body}}`;
/** A body nested `levels` deep counting the envelope as level 1, as Jackson counts. */
const nested = (levels: number): string => `${'['.repeat(levels - 2)}${']'.repeat(levels - 2)}`;

describe('parseEnvelope nesting', () => {
  test('a long, shallow line full of brackets inside strings is read', () => {
    const text = '[{'.repeat(5000);
    const parsed = parseEnvelope(line(JSON.stringify({ type: 'echo_ok', echo: text, xs: Array.from({ length: 3000 }, (_, i) => i) })));
    expect(parsed.ok).toBe(true);
  });

  test('exactly the limit is read; one level more is refused, with brackets in strings or not', () => {
    for (const pad of ['', `"${'['.repeat(3000)}",`]) {
      const at = line(`{"type":"echo_ok","echo":[${pad}${nested(maxNestingDepth - 1)}]}`);
      const over = line(`{"type":"echo_ok","echo":[${pad}${nested(maxNestingDepth)}]}`);
      expect(parseEnvelope(at).ok).toBe(true);
      const refused = parseEnvelope(over);
      expect(refused.ok).toBe(false);
      expect(refused.ok ? '' : refused.reason).toMatch(/nested more than 1000 levels/);
    }
  });
});
