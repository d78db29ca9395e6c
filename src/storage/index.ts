// Durable storage for a node's replicated store: the update-log contract, files in a data
// directory, and the simulation's disks. Knows bytes, not Yjs or Maelstrom.
export { StoreError, type LogRecovery, type NodeStorage, type OpenOptions, type UpdateLog } from './update-log.js';
export { createFileStorage, type FileStorageOptions, type LogFileHandle, type LogFileSystem } from './file-storage.js';
export {
  createMemoryDisks,
  type DiskClock,
  type DiskFaultCounts,
  type DiskFaults,
  type DiskHandle,
  type MemoryDiskOptions,
  type MemoryDisks,
} from './memory-disk.js';
export { Completion, isThenable } from './completion.js';
