// Runs inside a worker thread: parse documents off the main thread so BullMQ lock renewal never starves.
import { parentPort } from 'node:worker_threads';
import { parseDocument } from '../parsers/index.js';
import type { ParseInput } from '../parsers/types.js';

parentPort!.on('message', async (msg: { id: number; input: ParseInput }) => {
  const outcome = await parseDocument(msg.input);
  parentPort!.postMessage({ id: msg.id, outcome });
});
