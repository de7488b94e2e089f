// Embedded mode: the process-wide PGlite served on a local socket (pglite-socket), so the store, BullMQ's
// PostgreSQL backend and the HostGate all talk to it as to any PostgreSQL, through one ordered queue of messages.
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openEmbeddedPglite, releaseEmbeddedPglite } from './index.js';

export interface EmbeddedServer {
  /** postgres:// URL of the served PGlite. */
  url: string;
  close(): Promise<void>;
}

// Extended-protocol messages that leave the session's unnamed statement/portal half-built until Sync.
const IN_SEQUENCE = new Set([
  0x50 /* Parse */, 0x42 /* Bind */, 0x44 /* Describe */, 0x45 /* Execute */, 0x43 /* Close */, 0x48 /* Flush */,
]);

interface Item {
  handlerId: number;
  message: Uint8Array;
  resolve(n: number): void;
  reject(e: unknown): void;
  onData(d: Uint8Array): void;
}
interface QueueManager {
  queue: Item[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(id: number): void;
}

/**
 * pglite-socket runs each wire message as it comes, from whichever connection, and keeps only transactions
 * together. node-postgres sends Parse/Bind/Describe/Execute/Sync as separate messages, so two connections'
 * parameterized queries interleave and clobber the single session's unnamed statement ("unnamed prepared statement
 * does not exist"). Keep one connection's sequence together up to its Sync, as the server keeps transactions.
 */
function keepSequencesTogether(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue?: QueueManager }).queryQueue;
  if (
    !q ||
    !Array.isArray(q.queue) ||
    typeof q.processQueue !== 'function' ||
    typeof q.db?.execProtocolRawStream !== 'function'
  ) {
    throw new Error(
      'this @electric-sql/pglite-socket version has an unexpected query queue; the embedded mode needs 0.2.x',
    );
  }
  let open: number | null = null;
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (id: number) => {
    if (open === id) open = null;
    clear(id);
  };
  q.processQueue = async function processQueue(this: QueueManager) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = open ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const idx = sticky === null ? 0 : this.queue.findIndex((it) => it.handlerId === sticky);
        if (idx < 0) break; // the connection holding the session has not sent its next message yet
        const [item] = this.queue.splice(idx, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (d: Uint8Array) => {
                bytes += d.length;
                item.onData(d);
              },
            }),
          );
        } catch (err) {
          open = null;
          item.reject(err);
          continue;
        }
        open = IN_SEQUENCE.has(item.message[0]) ? item.handlerId : null;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(q);
}

export async function serveEmbedded(home: string): Promise<EmbeddedServer> {
  const db = await openEmbeddedPglite(home);
  try {
    // One session for every connection: BullMQ's tables must resolve unqualified, the store's stay first.
    // (pglite-socket ignores the "-c search_path" startup option BullMQ sends.)
    await db.exec('CREATE SCHEMA IF NOT EXISTS bullmq; SET search_path TO public, bullmq');
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 100 });
    keepSequencesTogether(server);
    await server.start();
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      close: async () => {
        await server.stop();
        await releaseEmbeddedPglite(home);
      },
    };
  } catch (err) {
    await releaseEmbeddedPglite(home);
    throw err;
  }
}
