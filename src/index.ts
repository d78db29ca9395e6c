// ygossip's library surface: CRDT stores on Yjs (a set, counters, offset logs), the replicator, the Maelstrom runtime, and
// durable storage for a node's store.
export { GrowOnlySet, valueKey, type GrowOnlySetOptions } from './crdt/g-set.js';
export { valueLimits, checkValue, assertValue, InvalidValueError, type ValueLimits } from './crdt/value-limits.js';
export { GCounter } from './crdt/g-counter.js';
export { PNCounter } from './crdt/pn-counter.js';
export { RegisterMap } from './crdt/register-map.js';
export { encodeStructsSince } from './crdt/structs-update.js';
export { DeltaCounter, type Delta, type DeltaCounterOptions } from './crdt/counter.js';
export { OffsetLogs, type OffsetLogsOptions, type LogEntry, type LogRecord } from './crdt/offset-logs.js';
export {
  YStore,
  InvalidUpdateError,
  createClientId,
  type ReplicatedStore,
  type ChangeEvent,
  type CheckedUpdate,
  type YStoreOptions,
  type StoreRoots,
  type DeleteRanges,
} from './crdt/store.js';
export { collectChange, type TransactionChange } from './crdt/transaction-change.js';
export { createStructLookup, referenceProblem, type StructLookup } from './crdt/struct-lookup.js';
export { ChunkedLog, chunkedLogProblem, loggedValues, defaultChunkSize } from './crdt/chunked-log.js';
export { covers, mergeStateVectors, equalStateVectors, encodeStateVector, decodeStateVector, type StateVector } from './crdt/state-vector.js';
export { encodeBase64, decodeBase64 } from './crdt/wire.js';
export {
  Replicator,
  defaultTiming,
  starOverlay,
  directOverlay,
  topologyOverlay,
  treeOverlay,
  encodeGossip,
  decodeGossip,
  gossipType,
  type Overlay,
  type OverlayView,
  type GossipPayload,
  type ReplicatorOptions,
  type ReplicatorTiming,
  type ReplicatorNet,
} from './gossip/index.js';
export {
  NodeRuntime,
  MaelstromError,
  errorCodes,
  describeErrorCode,
  parseMessage,
  formatMessage,
  createMemoryTransport,
  createStreamTransport,
  createStdioTransport,
  systemClock,
  stderrLogger,
  silentLogger,
  isClientId,
} from './maelstrom/index.js';
export type { Body, Message, NodeId, Clock, Transport, MemoryTransport, Logger, Handler, RpcResult } from './maelstrom/index.js';
export {
  createFileStorage,
  createMemoryDisks,
  Completion,
  StoreError,
  type NodeStorage,
  type UpdateLog,
  type OpenOptions,
  type LogRecovery,
  type DiskHandle,
  type DiskFaults,
  type DiskFaultCounts,
  type DiskClock,
  type MemoryDisks,
  type MemoryDiskOptions,
} from './storage/index.js';
export { createWorkloadNode, configFromEnv, defaultConfig, type ReplicationConfig, type Profile, type WorkloadNode } from './workloads/index.js';
