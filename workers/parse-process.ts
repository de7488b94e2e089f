// A parser process of the ParsePool: parses one document at a time and answers with its outcome. The pool kills
// it when a parse runs past its budget or memory ceiling, so nothing here needs to guard against that.
import { parseDocument } from '../parsers/index.js';
import type { ParseInput } from '../parsers/types.js';

process.on('message', async (msg: { input: ParseInput }) => {
  const outcome = await parseDocument(msg.input);
  process.send!({ outcome });
});
process.on('disconnect', () => process.exit(0));
