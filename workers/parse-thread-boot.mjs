// Worker-thread entry when running from TypeScript sources: register tsx in this thread, then load the parser thread.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
