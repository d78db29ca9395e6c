// The message journal: every send (including those a partition later drops) and every delivery,
// as Maelstrom's net journal records them. Net statistics are computed from it after the test.
import type { Message } from '../maelstrom/message.js';

export type JournalEventType = 'send' | 'recv';

export interface JournalEvent {
  /** Global event id, dense from 0. */
  id: number;
  /** Integer nanoseconds since the runner started (monotonic). */
  time: number;
  type: JournalEventType;
  /** The message with its network id (`message.id`), assigned at send. */
  message: Message;
}
