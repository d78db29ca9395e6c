// The node runtime: the init handshake, handlers by body type, replies, RPCs with timeouts and
// periodic work. It knows nothing of stdio or wall-clock time (transport and clock are handed
// in), so the same node runs under Maelstrom, in ygossip's runner and in the simulation.
// Bad input never ends the process: it gets an error reply where one is possible, a log line
// where not. Handlers and init listeners may finish later (a write that must reach the disk
// first): the runtime waits with then(), never await, so a promise-like that settles inside a
// virtual-clock timer gets its reply sent inside that timer too.
import type { Clock } from './clock.js';
import { formatMessage, parseMessage } from './codec.js';
import { MaelstromError, errorCodes } from './errors.js';
import type { Logger } from './log.js';
import { isClientId, type Body, type ErrorBody, type Message, type NodeId } from './message.js';
import type { Transport } from './transport.js';

export type ReplyBody = Omit<Body, 'in_reply_to'>;

/**
 * A handler returns the reply body (the runtime adds in_reply_to), nothing for no reply, or a
 * promise-like of either; a rejection is answered like a throw.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that answers nothing just returns
export type Handler = (message: Message) => ReplyBody | void | PromiseLike<ReplyBody | void>;

/** An init listener may finish later; init_ok waits for every one of them. */
export type InitListener = (info: InitInfo) => void | PromiseLike<void>;

/**
 * A close listener gets the reason and may finish later (return a promise-like); close() waits
 * for every one of them. Any other result is ignored.
 */
export type CloseListener = (reason: string) => unknown;

export type RpcResult = { ok: true; body: Body } | { ok: false; error: MaelstromError };

export interface NodeRuntimeOptions {
  transport: Transport;
  clock: Clock;
  logger: Logger;
  /** Messages held while waiting for init (peers may start talking first). */
  maxEarlyMessages?: number;
  /**
   * The node cannot go on: an init listener failed (a store that cannot be recovered). The
   * runtime has logged it, answered init with an error and closed; the stdio entry point exits.
   */
  onFatal?: (error: Error) => void;
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
  private readonly initListeners: InitListener[] = [];
  private readonly closeListeners: CloseListener[] = [];
  private readonly pending = new Map<number, PendingRpc>();
  private readonly timers = new Set<() => void>();
  private early: string[] = [];
  private nextMsgId = 1;
  private closed = false;
  private closing: Promise<void> | undefined;
  private info: InitInfo | undefined;
  /** Set once every init listener finished and init_ok went out. */
  private ready = false;

  readonly clock: Clock;
  readonly logger: Logger;
  private readonly transport: Transport;
  private readonly maxEarly: number;
  private readonly onFatal: ((error: Error) => void) | undefined;

  constructor(options: NodeRuntimeOptions) {
    this.onFatal = options.onFatal;
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

  /** Whether init finished (every init listener too) and init_ok went out. */
  get initialized(): boolean {
    return this.ready;
  }

  /** Registers the handler for a body type; a second handler for the same type is a bug. */
  on(type: string, handler: Handler): this {
    if (type === 'init') throw new Error('init is handled by the runtime; use onInit');
    if (this.handlers.has(type)) throw new Error(`a handler for "${type}" is already registered`);
    this.handlers.set(type, handler);
    return this;
  }

  /**
   * Runs once the node knows its id, before init_ok: where recovery happens and periodic work
   * starts. Listeners run one after another in the order registered, each finishing (its
   * promise-like settling) before the next starts; messages other than init wait until all did.
   */
  onInit(listener: InitListener): this {
    this.initListeners.push(listener);
    if (this.ready) void listener(this.info!);
    return this;
  }

  /**
   * Runs once the node has closed, with the reason: after close(), or when the transport ended
   * (input ended, output gone). A listener may finish later (a store writing what is queued);
   * close() resolves once every one finished, so the entry point ends the process after
   * `await node.close()`, not inside a listener.
   */
  onClose(listener: CloseListener): this {
    this.closeListeners.push(listener);
    return this;
  }

  start(): this {
    this.transport.open(
      (line) => this.receive(line),
      (reason) => {
        if (this.closed) return;
        this.logger.log(`transport ended: ${reason}; closing`);
        void this.close(reason);
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
    if (!this.ready && message.body.type !== 'init') {
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

  /**
   * Ends every timer, rejects every outstanding RPC and stops all output at once; then runs the
   * close listeners (a store flushing its last writes) and resolves when they all finished. A
   * reply still pending is never sent. A listener's failure is logged, not thrown.
   */
  close(reason = 'closed'): Promise<void> {
    if (this.closing) return this.closing;
    let finished!: () => void;
    // Set before the listeners run, so one of them can wait for all of them: close() again.
    this.closing = new Promise<void>((resolve) => (finished = resolve));
    for (const stop of [...this.timers]) stop();
    const outstanding = [...this.pending.values()];
    this.pending.clear();
    for (const rpc of outstanding) {
      rpc.cancelTimer();
      rpc.callback({ ok: false, error: new MaelstromError(errorCodes.crash.code, 'node closed') });
    }
    this.closed = true;
    this.transport.close();
    void runCloseListeners(this.closeListeners, reason, this.logger).then(finished);
    return this.closing;
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
          body.type === 'error' ? { ok: false, error: new MaelstromError(Number((body as ErrorBody).code), String(body.text ?? 'error')) } : { ok: true, body },
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
    let reply: ReturnType<Handler>;
    try {
      reply = handler(message);
    } catch (e) {
      this.refuse(message, e);
      return;
    }
    if (isThenable(reply)) {
      reply.then(
        (body) => {
          if (body) this.reply(message, body);
        },
        (e: unknown) => this.refuse(message, e),
      );
    } else if (reply) {
      this.reply(message, reply);
    }
  }

  /** Answers a handler's throw or rejection: its own code, or 13 for a bug or a failed write. */
  private refuse(message: Message, e: unknown): void {
    const { body } = message;
    if (e instanceof MaelstromError) {
      this.logger.log(`${body.type} from ${message.src} refused: ${e.message}`);
      this.replyError(message.src, body.msg_id, e.code, e.message);
    } else {
      // A bug of ours or a write that failed: indefinite, and the node keeps serving.
      this.logger.log(`handler for "${body.type}" failed: ${(e as Error)?.stack ?? String(e)}`);
      this.replyError(message.src, body.msg_id, errorCodes.crash.code, `internal error: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  private handleInit(message: Message): void {
    const { node_id: nodeId, node_ids: nodeIds } = message.body;
    if (typeof nodeId !== 'string' || !Array.isArray(nodeIds) || !nodeIds.every((n) => typeof n === 'string')) {
      this.logger.log(`bad init: ${formatMessage(message)}`);
      this.replyError(
        message.src,
        message.body.msg_id,
        errorCodes.malformedRequest.code,
        'init needs "node_id" (a string) and "node_ids" (an array of strings)',
      );
      return;
    }
    if (this.info) {
      // Maelstrom inits once; answering twice could write to a client that no longer exists.
      this.logger.log(`ignored a second init from ${message.src}`);
      return;
    }
    this.info = { nodeId, nodeIds: [...(nodeIds as string[])] };
    this.logger.log(`initialized as ${nodeId} of ${nodeIds.length} nodes`);
    this.runInitListeners(message, 0);
  }

  /** Runs init listeners from `index` on, one at a time; then answers init_ok. */
  private runInitListeners(message: Message, index: number): void {
    if (this.closed) return;
    for (let i = index; i < this.initListeners.length; i++) {
      let result: void | PromiseLike<void>;
      try {
        result = this.initListeners[i](this.info!);
      } catch (e) {
        this.initFailed(message, e);
        return;
      }
      if (isThenable(result)) {
        result.then(
          () => this.runInitListeners(message, i + 1),
          (e: unknown) => this.initFailed(message, e),
        );
        return;
      }
    }
    this.ready = true;
    this.reply(message, { type: 'init_ok' });
    const early = this.early;
    this.early = [];
    for (const line of early) this.receive(line);
  }

  private initFailed(message: Message, e: unknown): void {
    if (this.closed) return;
    const error = e instanceof Error ? e : new Error(String(e));
    this.logger.log(`init failed: ${error.message}`);
    this.replyError(message.src, message.body.msg_id, errorCodes.crash.code, `init failed: ${error.message}`);
    this.early = [];
    this.onFatal?.(error);
    void this.close(`init failed: ${error.message}`);
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

/**
 * Starts every listener now, not a microtask later (a simulated disk is released before close
 * returns); settles once all did. A listener's failure is logged, not thrown.
 */
export function runCloseListeners(listeners: readonly CloseListener[], reason: string, logger: Logger): Promise<unknown> {
  const failed = (e: unknown): void => logger.log(`close: ${(e as Error)?.message ?? String(e)}`);
  const settled = listeners.map((listener) => {
    try {
      return Promise.resolve(listener(reason)).catch(failed);
    } catch (e) {
      failed(e);
      return undefined;
    }
  });
  return Promise.all(settled);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function truncate(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
