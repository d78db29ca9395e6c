import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsHelp, parseOptions, replayCommand, shellQuote, testHelp, UsageError, type TestOptions } from '../../../src/runner/command-line/options.js';

const base = ['--bin', './node', '-w', 'broadcast'];

function parse(...extra: string[]): TestOptions {
  const result = parseOptions('test', [...base, ...extra]);
  if (result === 'help') throw new Error('unexpected help');
  return result;
}

function usageMessage(argv: string[]): string {
  try {
    parseOptions('test', argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseOptions', () => {
  it("applies Maelstrom's defaults", () => {
    const options = parse('--seed', '7');
    expect(options).toEqual({
      workload: 'broadcast',
      bin: './node',
      args: [],
      nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
      timeLimit: 60,
      rate: 5,
      concurrency: 5,
      latency: 0,
      latencyDist: 'constant',
      nemesis: [],
      nemesisInterval: 10,
      topology: 'grid',
      logStderr: false,
      testCount: 1,
      seed: 7,
      json: false,
      storeDir: 'store',
      maxTxnLength: 4,
      maxWritesPerKey: 16,
      consistencyModels: ['strict-serializable'],
    });
    expect('availability' in options).toBe(false);
    expect('keyCount' in options).toBe(false);
  });

  it('draws a random seed when none is given', () => {
    const seeds = new Set(Array.from({ length: 5 }, () => parse().seed));
    expect(seeds.size).toBeGreaterThan(1);
    for (const seed of seeds) expect(Number.isInteger(seed)).toBe(true);
  });

  it('parses every flag, in both --flag value and --flag=value forms', () => {
    const options = parse(
      '--node-count=25',
      '--time-limit',
      '20',
      '--rate=100',
      '--concurrency',
      '2n',
      '--latency',
      '100',
      '--latency-dist=uniform',
      '--nemesis',
      'partition',
      '--nemesis-interval',
      '2.5',
      '--topology=tree4',
      '--availability',
      '0.9',
      '--log-stderr',
      '--test-count',
      '3',
      '--seed=-12',
      '--json',
      '--store',
      'out',
    );
    expect(options).toMatchObject({
      nodes: Array.from({ length: 25 }, (_, k) => `n${k}`),
      timeLimit: 20,
      rate: 100,
      concurrency: 50,
      latency: 100,
      latencyDist: 'uniform',
      nemesis: ['partition'],
      nemesisInterval: 2.5,
      topology: 'tree4',
      availability: 0.9,
      logStderr: true,
      testCount: 3,
      seed: -12,
      json: true,
      storeDir: 'out',
    });
    expect(parse('--availability', 'total').availability).toBe('total');
    expect(parse('--workload=g-counter').workload).toBe('g-counter');
  });

  it('concurrency: plain integers and multiples of the node count', () => {
    expect(parse('--concurrency', '2n').concurrency).toBe(10);
    expect(parse('--concurrency', '3').concurrency).toBe(3);
    expect(parse('--node-count', '3', '--concurrency', '2n').concurrency).toBe(6);
  });

  it('node lists: --node-count names n0.., overriding others; otherwise file, --nodes, --node merged', () => {
    expect(parse('--node-count', '3', '--nodes', 'a,b').nodes).toEqual(['n0', 'n1', 'n2']);
    expect(parse('--nodes', 'a, b,d').nodes).toEqual(['a', 'b', 'd']);
    expect(parse('-n', 'x', '--node', 'y').nodes).toEqual(['x', 'y']);
    const dir = mkdtempSync(join(tmpdir(), 'ygossip-options-'));
    const file = join(dir, 'nodes');
    writeFileSync(file, 'f1\n  f2 \n\n');
    expect(parse('--node', 'x', '--nodes', 'a', '--nodes-file', file).nodes).toEqual(['f1', 'f2', 'a', 'x']);
  });

  it('passes positional arguments to every node, including after --', () => {
    expect(parse('fast', '--rate', '1', '--', '--verbose', 'x').args).toEqual(['fast', '--verbose', 'x']);
  });

  it('returns help for -h and --help', () => {
    expect(parseOptions('test', ['-h'])).toBe('help');
    expect(parseOptions('test', ['--bin', 'x', '--help', '--rate', 'oops'])).toBe('help');
  });

  it("allows a missing --bin for sim only (it runs ygossip's own node)", () => {
    const options = parseOptions('sim', ['-w', 'echo']);
    expect(options !== 'help' && options.bin).toBe('');
  });

  const bad: [string[], RegExp][] = [
    [['-w', 'echo'], /--bin.*required/],
    [['--bin', 'x'], /--workload.*required.*echo, broadcast, g-set, g-counter, pn-counter/],
    [['--bin', 'x', '-w', 'lin_kv'], /--workload must be one of echo, broadcast/],
    [[...base, '--node-count', '0'], /--node-count must be a positive integer/],
    [[...base, '--node-count', 'x'], /--node-count must be a positive integer/],
    [[...base, '--time-limit', '1.5'], /--time-limit must be a positive integer/],
    [[...base, '--time-limit', '0'], /--time-limit must be a positive integer/],
    [[...base, '--rate', '-1'], /--rate must be a non-negative number/],
    [[...base, '--rate', 'fast'], /--rate must be a non-negative number/],
    [[...base, '--concurrency', '2x'], /--concurrency must be a positive integer, optionally followed by n/],
    [[...base, '--concurrency', '0n'], /--concurrency must be a positive integer/],
    [[...base, '--latency', '1.5'], /--latency must be a non-negative integer/],
    [[...base, '--latency-dist', 'normal'], /--latency-dist must be one of constant, uniform, exponential/],
    [[...base, '--latency-dist', 'uniform'], /--latency-dist uniform needs --latency above 0/],
    [[...base, '--latency-dist', 'exponential'], /--latency-dist exponential needs --latency above 0/],
    [[...base, '--nemesis', 'partition,crash'], /--nemesis must be a comma-separated list of: partition, kill, pause; got "crash"/],
    [[...base, '--nemesis-interval', '0'], /--nemesis-interval must be a positive number/],
    [[...base, '--topology', 'ring'], /--topology must be one of grid, line, total, tree/],
    [[...base, '--availability', '1.5'], /--availability must be 'total' or a number between 0 and 1/],
    [[...base, '--test-count', '0'], /--test-count must be a positive integer/],
    [[...base, '--seed', '1e3'], /--seed must be an integer/],
    [[...base, '--seed'], /--seed needs a value/],
    [[...base, '--bin', '--json'], /--bin needs a value/],
    [[...base, '--json=yes'], /--json takes no value/],
    [[...base, '--frobnicate'], /unknown option --frobnicate/],
    [[...base, '--nodes', 'n1,c2'], /--nodes must not name "c2"/],
    [[...base, '--nodes', 'n1,,n2'], /--nodes must not contain an empty node id/],
    [[...base, '--nodes', 'n1,n1'], /--nodes must not repeat a node id/],
    [[...base, '--nodes-file', '/nonexistent/ygossip-nodes'], /--nodes-file must be a readable file/],
    [[...base, '--store='], /--store must be a directory path/],
  ];
  for (const [argv, pattern] of bad) {
    it(`rejects ${argv.slice(base.length).join(' ') || argv.join(' ')}`, () => {
      expect(usageMessage(argv)).toMatch(pattern);
    });
  }
});

describe('testHelp', () => {
  it('lists every flag with its default', () => {
    for (const [flag, fallback] of [
      ['--bin', 'required'],
      ['-w, --workload', 'required'],
      ['--node-count', 'unset'],
      ['--nodes', 'n1,n2,n3,n4,n5'],
      ['-n, --node', 'none'],
      ['--nodes-file', 'none'],
      ['--time-limit', '60'],
      ['--rate', '5'],
      ['--concurrency', '1n'],
      ['--latency', '0'],
      ['--latency-dist', 'constant'],
      ['--nemesis', 'none'],
      ['--nemesis-interval', '10'],
      ['--topology', 'grid'],
      ['--availability', 'none'],
      ['--log-stderr', 'off'],
      ['--test-count', '1'],
      ['--seed', 'random'],
      ['--json', 'off'],
      ['--store', 'store'],
    ]) {
      const line = testHelp.split('\n').find((l) => l.trimStart().startsWith(`${flag} `) || l.trim() === flag);
      expect(line, flag).toBeDefined();
      expect(line).toContain(`(default: ${fallback})`);
    }
    expect(testHelp).toMatch(/-h, --help/);
  });
});

describe('sim flags', () => {
  it('takes --seeds and --faults, which test refuses', () => {
    const options = parseOptions('sim', ['-w', 'broadcast', '--node-count', '3', '--seeds', '1..20', '--faults', 'isolated:n0']);
    expect(options).toMatchObject({ seeds: [1, 20], faults: 'isolated:n0' });
    expect(() => parseOptions('test', [...base, '--seeds', '1..2'])).toThrow(/--seeds is an option of ygossip sim only/);
    expect(() => parseOptions('sim', ['-w', 'broadcast', '--faults', 'isolated:n9'])).toThrow(/isolated:n9 names no node/);
    expect(() => parseOptions('sim', ['-w', 'broadcast', '--faults', 'storm'])).toThrow(/--faults/);
    expect(() => parseOptions('sim', ['-w', 'broadcast', '--seeds', '5..1'])).toThrow(/--seeds/);
  });

  it('takes --disk-faults (all, or kinds), which test refuses, and the replay command keeps them', () => {
    expect(parseOptions('sim', ['-w', 'g-set', '--disk-faults', 'all'])).toMatchObject({ diskFaults: ['torn', 'zeroed', 'fsync'] });
    const options = parseOptions('sim', ['-w', 'g-set', '--disk-faults', 'fsync,torn']) as TestOptions;
    expect(options.diskFaults).toEqual(['torn', 'fsync']);
    expect(replayCommand('sim', options)).toContain('--disk-faults torn,fsync');
    expect(parseOptions('sim', ['-w', 'g-set'])).not.toHaveProperty('diskFaults');
    expect(() => parseOptions('sim', ['-w', 'g-set', '--disk-faults', 'flood'])).toThrow(
      /--disk-faults must be all or a comma-separated list of: torn, zeroed, fsync; got "flood"/,
    );
    expect(() => parseOptions('test', [...base, '--disk-faults', 'all'])).toThrow(/--disk-faults is an option of ygossip sim only/);
  });

  it("sim neither lists nor takes --bin: it runs ygossip's own node", () => {
    expect(optionsHelp('sim')).not.toMatch(/--bin/);
    expect(optionsHelp('test')).toMatch(/--bin FILE +node binary to test \(default: required\)/);
    expect(() => parseOptions('sim', ['-w', 'echo', '--bin', 'bin/echo'])).toThrow(/--bin is an option of ygossip test only/);
  });
});

describe('workload flags (Maelstrom core.clj opt-spec)', () => {
  it('--consistency-models splits only on a comma with spaces on both sides, and validates nothing', () => {
    expect(parse('--consistency-models', 'serializable , read-committed').consistencyModels).toEqual(['serializable', 'read-committed']);
    expect(parse('--consistency-models', 'serializable,read-committed').consistencyModels).toEqual(['serializable,read-committed']);
    expect(parse('--consistency-models', 'serializable, read-committed').consistencyModels).toEqual(['serializable, read-committed']);
    expect(parse('--consistency-models', 'typo').consistencyModels).toEqual(['typo']);
  });

  it('--key-count, --max-txn-length and --max-writes-per-key are positive integers, for test and sim alike', () => {
    const o = parse('--key-count', '3', '--max-txn-length', '2', '--max-writes-per-key', '8');
    expect([o.keyCount, o.maxTxnLength, o.maxWritesPerKey]).toEqual([3, 2, 8]);
    expect(parseOptions('sim', ['-w', 'broadcast', '--key-count', '4'])).toMatchObject({ keyCount: 4 });
    for (const flag of ['--key-count', '--max-txn-length', '--max-writes-per-key']) {
      expect(() => parse(flag, '0')).toThrow(new RegExp(`${flag} must be a positive integer`));
      expect(() => parse(flag, '1.5')).toThrow(UsageError);
    }
  });

  it('the replay command carries the ones that differ from the defaults', () => {
    const command = replayCommand('test', parse('--seed', '2', '--key-count', '3', '--consistency-models', 'a , b'));
    expect(command).toContain("--key-count 3 --consistency-models 'a , b' --seed 2");
    expect(replayCommand('test', parse('--seed', '2'))).not.toMatch(/--key-count|--max-|--consistency/);
  });
});

describe('replayCommand', () => {
  it('names every option that shapes the run, and the seed', () => {
    const options = parse('--node-count', '3', '--rate', '50', '--nemesis', 'partition', '--seed', '9', '--availability', '0.5');
    const command = replayCommand('test', options);
    expect(command).toBe(
      'ygossip test -w broadcast --bin ./node --nodes n0,n1,n2 --time-limit 60 --rate 50 --concurrency 3 --latency 0 --latency-dist constant --nemesis partition --nemesis-interval 10 --topology grid --availability 0.5 --seed 9',
    );
    expect(parseOptions('test', command.split(' ').slice(2))).toEqual({ ...options, concurrency: 3 });
  });

  it('quotes paths and arguments the shell would split or expand', () => {
    const options = parse('--seed', '1');
    const command = replayCommand('test', { ...options, bin: '/tmp/my nodes/bin', args: ["it's", 'x'] });
    expect(command).toContain("--bin '/tmp/my nodes/bin'");
    expect(command.endsWith(String.raw`-- 'it'\''s' x`)).toBe(true);
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('plain/path-1.mjs')).toBe('plain/path-1.mjs');
  });
});
