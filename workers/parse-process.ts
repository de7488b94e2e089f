// A parser process of the ParsePool: parses one document at a time and answers with its outcome. The pool kills
// it when a parse runs past its budget or memory ceiling, so nothing here needs to guard against that.
import type { ParseInput } from '../parsers/types.js';

// The worker owns this process's life: a signal sent to the whole process group (Ctrl-C in a terminal, systemd
// stopping the service's cgroup) must not kill a parse in progress while the worker finishes its jobs; the pool ends
// this process when it closes, and the process ends by itself when the worker is gone (disconnect). Installed before
// the parsers load, so that no moment of the start-up is left to the default action.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

const parsers = import('../parsers/index.js');
process.on('message', async (msg: { input: ParseInput }) => {
  // OCR costs seconds per page: the pool extends this parse's budget by its limits when told how many pages
  const outcome = await (await parsers).parseDocument(msg.input, {
    onOcr: (pages) => process.send!({ ocrPages: pages }),
  });
  process.send!({ outcome });
});
process.on('disconnect', () => process.exit(0));
// Once the parsers are loaded, the pool starts a document's budget from here on.
await parsers;
process.send!({ ready: true });
