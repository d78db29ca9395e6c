// Durable storage for a node's replicated store: the update-log contract, files in a data
// directory, and the simulation's disks. Knows bytes, not Yjs or Maelstrom.
export { StoreError, type NodeStorage, type OpenOptions, type UpdateLog } from './update-log.js';
export { createFileStorage } from './file-storage.js';
export { createMemoryDisks, type DiskClock, type DiskHandle, type MemoryDiskOptions, type MemoryDisks } from './memory-disk.js';
export { Completion, isThenable } from './completion.js';
