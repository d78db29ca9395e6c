// Nodes written in a few lines for runner tests: each runs in-process on the simulation's virtual
// clock and writes raw JSON text (so a test can write `1.0` where JSON.stringify cannot), through
// the same envelope rules as a spawned node's stdout.
import type { Message, NodeId } from '../../src/maelstrom/message.js';
import type { NodeHostFactory } from '../../src/runner/hosts/host.js';
import { createJournal } from '../../src/runner/records/journal.js';
import { parseEnvelope } from '../../src/runner/net/envelope.js';
import { parseOptions, type TestOptions } from '../../src/runner/command-line/options.js';
import { createRandom } from '../../src/runner/base/random.js';
import { runTest, type RunOptions, type RunOutcome } from '../../src/runner/run/phases.js';
import { createVirtualClock } from '../../src/runner/sim/virtual-clock.js';

export interface ScriptedNode {
  id: NodeId;
  /** Writes one line as the node's stdout, verbatim. */
  write(line: string): void;
  /** Writes a message as JSON. */
  send(dest: NodeId, body: Record<string, unknown>): void;
  reply(request: Message, body: Record<string, unknown>): void;
  /** Anything the script wants to keep per node; the host sets `resumed` (ever paused) and
   *  `replaying` (handing over what a pause held). */
  state: Record<string, unknown>;
}

/** A script gets every message its node receives (init included). */
export type Script = (node: ScriptedNode, message: Message) => void;

export function scriptedHosts(script: Script): NodeHostFactory {
  return (id, events) => {
    const node: ScriptedNode = {
      id,
      state: {},
      write(line) {
        const parsed = parseEnvelope(line);
        if (parsed.ok) events.onMessage(parsed.message);
        else events.onGarbage(line, parsed.reason);
      },
      send(dest, body) {
        node.write(JSON.stringify({ src: id, dest, body }));
      },
      reply(request, body) {
        node.send(request.src, { ...body, in_reply_to: request.body.msg_id });
      },
    };
    let dead = false;
    let held: Message[] | undefined;
    return {
      id,
      deliver: (message) => (dead ? undefined : held ? held.push(message) : script(node, message)),
      stop: async () => {},
      kill: async () => void (dead = true),
      pause: () => void (held ??= []),
      resume: () => {
        const messages = held ?? [];
        held = undefined;
        // A script may tell what a pause held (and that it was ever paused), as SIGCONT tells a process.
        node.state.resumed = true;
        node.state.replaying = true;
        for (const m of messages) if (!dead) script(node, m);
        node.state.replaying = false;
      },
    };
  };
}

/** Answers init with init_ok and topology with topology_ok, then hands the rest to `script`. */
export function withSetup(script: Script): Script {
  return (node, message) => {
    if (message.body.type === 'init') return node.reply(message, { type: 'init_ok' });
    if (message.body.type === 'topology') {
      node.state.neighbours = (message.body.topology as Record<string, string[]>)[node.id] ?? [];
      return node.reply(message, { type: 'topology_ok' });
    }
    script(node, message);
  };
}

/** One seeded run of `ygossip test` options over scripted nodes, on a virtual clock. */
export async function runScripted(script: Script, ...args: string[]): Promise<RunOutcome> {
  return runScriptedWith({}, script, ...args);
}

/** runScripted with parts of the driver given (a workload of the test's own). */
export async function runScriptedWith(driver: Partial<RunOptions>, script: Script, ...args: string[]): Promise<RunOutcome> {
  const options = parseOptions('sim', args) as TestOptions;
  const clock = createVirtualClock();
  return runTest(options, {
    clock,
    virtual: clock,
    hosts: scriptedHosts(script),
    random: createRandom(options.seed),
    journal: createJournal({ keep: true }),
    ...driver,
  });
}

/** Maelstrom's B3 flood; nodes in `deaf` store only what their own clients send. */
export function flood({ deaf = [] as NodeId[] } = {}): Script {
  return withSetup((node, message) => {
    const values = (node.state.values ??= new Set<unknown>()) as Set<unknown>;
    const { body } = message;
    if (body.type === 'read') return node.reply(message, { type: 'read_ok', messages: [...values] });
    if (body.type !== 'broadcast') return;
    const fromClient = message.src.startsWith('c');
    if (!values.has(body.message) && (fromClient || !deaf.includes(node.id))) {
      values.add(body.message);
      for (const n of node.state.neighbours as string[]) if (n !== message.src) node.send(n, { type: 'broadcast', message: body.message });
    }
    if (fromClient) node.reply(message, { type: 'broadcast_ok' });
  });
}
