// `gongkai health`: is a worker listening on both queues? The container healthcheck of the worker service — a real
// check (the queue backend answers and names the workers connected to it), not a ping of the process.
import os from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

/** This machine's own addresses (a container's, in Docker). */
function ownAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) out.add(a.address);
  return out;
}

/** The address of a Redis CLIENT LIST entry's `addr` (ip:port, or [v6]:port). */
function hostOf(addr: string | undefined): string | undefined {
  return addr?.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
}

async function check(o: { thisHost?: boolean }): Promise<string> {
  const { loadSettings } = await import('../../config/settings.js');
  const { openQueueBackend } = await import('../../workers/queue-backend.js');
  const { QUEUES } = await import('../../workers/queues.js');
  const settings = loadSettings();
  if (!settings.redisUrl && !settings.databaseUrl) {
    throw new Error('no REDIS_URL or DATABASE_URL: an embedded worker lives inside `gongkai crawl`, nothing to check');
  }
  const backend = await openQueueBackend(settings, { prefix: settings.queuePrefix });
  try {
    const mine = ownAddresses();
    const counts: string[] = [];
    for (const name of Object.values(QUEUES)) {
      const queue = new backend.Queue(name, { connection: backend.connection, prefix: backend.prefix });
      try {
        let workers = await queue.getWorkers();
        // Only Redis says where a client connects from; PostgreSQL's list has names only.
        if (o.thisHost && backend.kind === 'redis') workers = workers.filter((w) => mine.has(hostOf(w.addr) ?? ''));
        if (workers.length === 0) {
          throw new Error(
            `no worker${o.thisHost ? ' of this host' : ''} is listening on ${name} (${backend.location})`,
          );
        }
        counts.push(`${workers.length} on ${name}`);
      } finally {
        await queue.close();
      }
    }
    return `ok: workers ${counts.join(', ')} (${backend.location})`;
  } finally {
    await backend.close();
  }
}

export function registerHealthCommands(program: Command): void {
  program
    .command('health')
    .description('exit 0 when a worker is listening on both queues (the worker container healthcheck), else 1')
    .option('--this-host', 'only workers connected from this machine (Redis; a container checks its own worker)')
    .option('--timeout <seconds>', 'give up after this long', seconds, 10)
    .action(async (o: { thisHost?: boolean; timeout: number }) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer from the queues within ${o.timeout} s`)),
          o.timeout * 1000,
        );
      });
      const line = await Promise.race([check(o), late]).finally(() => clearTimeout(timer));
      console.log(line);
      process.exit(0); // a connection still closing must not keep a healthcheck waiting
    });
}
