// A fixed pool of worker threads running parseDocument: CPU-heavy parsing (PDF layout, Word files, big pages)
// happens off the event loop that renews BullMQ job locks. Small pages parse on the calling thread: they take a
// millisecond or two, less than the hop to a thread and back costs on a busy machine.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseDocument } from '../parsers/index.js';
import { sniffKind } from '../parsers/sniff.js';
import type { ParseInput, ParseOutcome } from '../parsers/types.js';

/** HTML or text up to this size parses on the calling thread. */
export const INLINE_MAX_BYTES = 256 * 1024;

export function parsesInline(input: ParseInput): boolean {
  if (input.bytes.length > INLINE_MAX_BYTES) return false;
  const kind = sniffKind(input.bytes, input.contentType, input.fileName);
  return kind === 'html' || kind === 'text' || kind === 'binary';
}

interface Pending { resolve: (o: ParseOutcome) => void; reject: (e: Error) => void }
interface Slot { thread: Worker; pending: Map<number, Pending> }

/** Threads start on first use (a crawl of HTML pages never needs one) and a crashed one is replaced on the next. */
export class ParsePool {
  private readonly slots: (Slot | undefined)[];
  private next = 0;
  private seq = 0;
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(2, os.cpus().length))) {
    this.slots = new Array<Slot | undefined>(size);
  }

  private spawn(index: number): Slot {
    const fromTs = import.meta.url.endsWith('.ts');
    const entry = new URL(fromTs ? './parse-thread.ts' : './parse-thread.js', import.meta.url).href;
    const thread = fromTs
      ? new Worker(new URL('./parse-thread-boot.mjs', import.meta.url), { workerData: { entry } })
      : new Worker(new URL(entry));
    const slot: Slot = { thread, pending: new Map() };
    thread.on('message', (msg: { id: number; outcome: ParseOutcome }) => {
      const p = slot.pending.get(msg.id);
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) thread.unref();
      p?.resolve(msg.outcome);
    });
    const fail = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      if (this.slots[index] === slot) this.slots[index] = undefined;
    };
    thread.on('error', fail);
    thread.on('exit', (code) => {
      if (!this.closed && code !== 0) fail(new Error(`parser thread exited with code ${code}`));
    });
    thread.unref();
    return slot;
  }

  /** Threads running now (started on demand, at most `size`). */
  get threads(): number {
    return this.slots.filter(Boolean).length;
  }

  parse(input: ParseInput): Promise<ParseOutcome> {
    if (this.closed) return Promise.reject(new Error('parse pool is closed'));
    if (parsesInline(input)) return parseDocument(input);
    const index = this.next++ % this.size;
    const slot = (this.slots[index] ??= this.spawn(index));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.thread.ref(); // keep the process alive only while a parse is pending
      slot.thread.postMessage({ id, input });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s?.thread.terminate()));
  }
}
