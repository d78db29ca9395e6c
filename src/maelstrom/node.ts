// The node runtime: the init handshake, handlers by body type, replies, RPCs with timeouts and
// periodic work. It knows nothing of stdio or wall-clock time (transport and clock are handed
// in), so the same node runs under Maelstrom, in ygossip's runner and in the simulation.
// Bad input never ends the process: it gets an error reply where one is possible, a log line
// where not.
import type { Clock } from './clock.js';
import { formatMessage, parseMessage } from './codec.js';
import { MaelstromError, errorCodes } from './errors.js';
import type { Logger } from './log.js';
import { isClientId, type Body, type ErrorBody, type Message, type NodeId } from './message.js';
import type { Transport } from './transport.js';

/** A handler returns the reply body (the runtime adds in_reply_to), or nothing for no reply. */
export type Handler = (message: Message) => Omit<Body, 'in_reply_to'> | void;

export type RpcResult = { ok: true; body: Body } | { ok: false; error: MaelstromError };

export interface NodeRuntimeOptions {
  transport: Transport;
  clock: Clock;
  logger: Logger;
  /** Messages held while waiting for init (peers may start talking first). */
  maxEarlyMessages?: number;
}

export interface InitInfo {
  nodeId: NodeId;
  nodeIds: NodeId[];
}

interface PendingRpc {
  callback: (result: RpcResult) => void;
  cancelTimer: () => void;
}

export class NodeRuntime {
  private readonly handlers = new Map<string, Handler>();
  private readonly initListeners: ((info: InitInfo) => void)[] = [];
  private readonly closeListeners: ((reason: string) => void)[] = [];
  private readonly pending = new Map<number, PendingRpc>();
  private readonly timers = new Set<() => void>();
  private early: string[] = [];
  private nextMsgId = 1;
  private closed = false;
  private info: InitInfo | undefined;

  readonly clock: Clock;
  readonly logger: Logger;
  private readonly transport: Transport;
  private readonly maxEarly: number;

  constructor(options: NodeRuntimeOptions) {
    this.transport = options.transport;
    this.clock = options.clock;
    this.logger = options.logger;
    this.maxEarly = options.maxEarlyMessages ?? 100_000;
  }

  get id(): NodeId {
    if (!this.info) throw new Error('node id is not known before init');
    return this.info.nodeId;
  }

  get nodeIds(): readonly NodeId[] {
    return this.info?.nodeIds ?? [];
  }

  get initialized(): boolean {
    return this.info !== undefined;
  }

  /** Registers the handler for a body type; a second handler for the same type is a bug. */
  on(type: string, handler: Handler): this {
    if (type === 'init') throw new Error('init is handled by the runtime; use onInit');
    if (this.handlers.has(type)) throw new Error(`a handler for "${type}" is already registered`);
    this.handlers.set(type, handler);
    return this;
  }

  /** Runs once the node knows its id: where periodic work starts. */
  onInit(listener: (info: InitInfo) => void): this {
    this.initListeners.push(listener);
    if (this.info) listener(this.info);
    return this;
  }

  /**
   * Runs once the node has closed, with the reason: after close(), or when the transport ended
   * (input ended, output gone). The entry point ends the process here; whatever must outlive
   * the node (a store to flush) registers before it.
   */
  onClose(listener: (reason: string) => void): this {
    this.closeListeners.push(listener);
    return this;
  }

  start(): this {
    this.transport.open(
      (line) => this.receive(line),
      (reason) => {
        if (this.closed) return;
        this.logger.log(`transport ended: ${reason}; closing`);
        this.close(reason);
      },
    );
    return this;
  }

  /** Feeds one raw line to the node (what the transport calls). */
  receive(line: string): void {
    if (this.closed) return;
    if (line.trim() === '') return;
    const parsed = parseMessage(line);
    if (!parsed.ok) {
      this.logger.log(`bad input: ${parsed.error}: ${truncate(line)}`);
      if (parsed.src !== undefined && parsed.msgId !== undefined) {
        this.replyError(parsed.src, parsed.msgId, errorCodes.malformedRequest.code, parsed.error);
      }
      return;
    }
    const { message } = parsed;
    if (!this.info && message.body.type !== 'init') {
      if (this.early.length < this.maxEarly) this.early.push(line);
      else this.logger.log(`dropped a message that arrived before init: ${truncate(line)}`);
      return;
    }
    this.dispatch(message);
  }

  send(dest: NodeId, body: Body): void {
    if (this.closed) return;
    this.transport.write(formatMessage({ src: this.info?.nodeId ?? '', dest, body }));
  }

  reply(request: Message, body: Omit<Body, 'in_reply_to'>): void {
    const msgId = request.body.msg_id;
    if (msgId === undefined) return;
    this.send(request.src, { ...body, in_reply_to: msgId } as Body);
  }

  /**
   * Sends a request and calls back once: with the reply, an error body turned into a
   * MaelstromError, or a timeout (code 0). The callback map cannot grow without bound while a
   * peer is partitioned away: every entry ends at its timeout.
   */
  rpc(dest: NodeId, body: Omit<Body, 'msg_id'>, timeoutMs: number, callback: (result: RpcResult) => void): void {
    if (this.closed) {
      callback({ ok: false, error: new MaelstromError(errorCodes.crash.code, 'node is closed') });
      return;
    }
    const msgId = this.nextMsgId++;
    const cancelTimer = this.clock.setTimer(timeoutMs, () => {
      if (!this.pending.delete(msgId)) return;
      callback({ ok: false, error: new MaelstromError(errorCodes.timeout.code, `rpc to ${dest} timed out`) });
    });
    this.pending.set(msgId, { callback, cancelTimer });
    this.send(dest, { ...body, msg_id: msgId } as Body);
  }

  /** Runs `fn` every `intervalMs` until close; returns a function that stops it. */
  every(intervalMs: number, fn: () => void): () => void {
    let cancel: () => void = () => {};
    const tick = (): void => {
      if (this.closed) return;
      cancel = this.clock.setTimer(intervalMs, tick);
      fn();
    };
    cancel = this.clock.setTimer(intervalMs, tick);
    const stop = (): void => {
      cancel();
      this.timers.delete(stop);
    };
    this.timers.add(stop);
    return stop;
  }

  /** One-shot timer that close() also cancels. */
  after(delayMs: number, fn: () => void): () => void {
    const cancelTimer = this.clock.setTimer(delayMs, () => {
      this.timers.delete(stop);
      if (!this.closed) fn();
    });
    const stop = (): void => {
      cancelTimer();
      this.timers.delete(stop);
    };
    this.timers.add(stop);
    return stop;
  }

  /** Ends every timer, rejects every outstanding RPC, closes the transport, then tells onClose. */
  close(reason = 'closed'): void {
    if (this.closed) return;
    for (const stop of [...this.timers]) stop();
    const outstanding = [...this.pending.values()];
    this.pending.clear();
    for (const rpc of outstanding) {
      rpc.cancelTimer();
      rpc.callback({ ok: false, error: new MaelstromError(errorCodes.crash.code, 'node closed') });
    }
    this.closed = true;
    this.transport.close();
    for (const listener of this.closeListeners) listener(reason);
  }

  private dispatch(message: Message): void {
    const { body } = message;
    if (body.type === 'init') return this.handleInit(message);

    if (body.in_reply_to !== undefined) {
      const rpc = this.pending.get(body.in_reply_to);
      if (rpc) {
        this.pending.delete(body.in_reply_to);
        rpc.cancelTimer();
        rpc.callback(
          body.type === 'error'
            ? { ok: false, error: new MaelstromError(Number((body as ErrorBody).code), String(body.text ?? 'error')) }
            : { ok: true, body },
        );
        return;
      }
      // A late reply (its RPC already timed out) or a reply to nothing we sent.
      if (!this.handlers.has(body.type)) return;
    }

    const handler = this.handlers.get(body.type);
    if (!handler) {
      this.logger.log(`no handler for "${body.type}" from ${message.src}`);
      this.replyError(message.src, body.msg_id, errorCodes.notSupported.code, `unknown message type "${body.type}"`);
      return;
    }
    try {
      const reply = handler(message);
      if (reply) this.reply(message, reply);
    } catch (e) {
      if (e instanceof MaelstromError) {
        this.logger.log(`${body.type} from ${message.src} refused: ${e.message}`);
        this.replyError(message.src, body.msg_id, e.code, e.message);
      } else {
        // A bug of ours: indefinite, and the node keeps serving.
        this.logger.log(`handler for "${body.type}" failed: ${(e as Error).stack ?? String(e)}`);
        this.replyError(message.src, body.msg_id, errorCodes.crash.code, `internal error: ${(e as Error).message}`);
      }
    }
  }

  private handleInit(message: Message): void {
    const { node_id: nodeId, node_ids: nodeIds } = message.body;
    if (typeof nodeId !== 'string' || !Array.isArray(nodeIds) || !nodeIds.every((n) => typeof n === 'string')) {
      this.logger.log(`bad init: ${formatMessage(message)}`);
      this.replyError(message.src, message.body.msg_id, errorCodes.malformedRequest.code,
        'init needs "node_id" (a string) and "node_ids" (an array of strings)');
      return;
    }
    if (this.info) {
      // Maelstrom inits once; answering twice could write to a client that no longer exists.
      this.logger.log(`ignored a second init from ${message.src}`);
      return;
    }
    this.info = { nodeId, nodeIds: [...(nodeIds as string[])] };
    this.logger.log(`initialized as ${nodeId} of ${nodeIds.length} nodes`);
    this.reply(message, { type: 'init_ok' });
    for (const listener of this.initListeners) listener(this.info);
    const early = this.early;
    this.early = [];
    for (const line of early) this.receive(line);
  }

  /**
   * Error replies go only to clients and cluster members: Maelstrom stops reading a node that
   * writes to an unknown id, so a stranger gets a log line instead.
   */
  private replyError(dest: NodeId, msgId: number | undefined, code: number, text: string): void {
    if (msgId === undefined) return;
    if (!isClientId(dest) && !this.nodeIds.includes(dest)) {
      this.logger.log(`not answering ${dest}: not a client or cluster member`);
      return;
    }
    this.send(dest, { type: 'error', in_reply_to: msgId, code, text });
  }
}

function truncate(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
