// The Maelstrom protocol and node runtime: no CRDT knowledge here.
export type { Body, ErrorBody, Message, NodeId } from './message.js';
export { isClientId } from './message.js';
export { parseMessage, formatMessage, type ParseResult } from './codec.js';
export { errorCodes, describeErrorCode, MaelstromError, malformed, notSupported, type ErrorCode } from './errors.js';
export { NodeRuntime, type Handler, type InitInfo, type NodeRuntimeOptions, type RpcResult } from './node.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export { createStdioTransport, createStreamTransport, createMemoryTransport, type Transport, type MemoryTransport } from './transport.js';
export { stderrLogger, silentLogger, type Logger } from './log.js';
