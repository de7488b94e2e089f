// Worker processes for the fault tests and the pipeline bench: spawn, kill -9, stop, and read their stats lines.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SiteConfig } from '../../crawlers/types.js';
import type { Portals } from '../../replicas/index.js';
import type { RetryPolicy } from '../../workers/queues.js';
import type { StallOptions } from '../../workers/start-workers.js';
import type { WorkerStats } from './worker-process.js';

const ENTRY = path.resolve(import.meta.dirname, 'worker-process.ts');

/** Registry entries for replica sites (generated NFCMS sites crawl from their column page). */
export function siteConfigsOf(portals: Portals): SiteConfig[] {
  return portals.sites.map((s) => ({
    id: s.id,
    name: s.name,
    hosts: s.hosts,
    entries: s.entryUrls.map((url) => ({ family: 'nfcms' as const, url })),
  }));
}

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  sites: SiteConfig[];
  overrides: Record<string, string>;
  concurrency?: number;
  parseThreads?: number;
  stall?: StallOptions;
  retry?: RetryPolicy;
  /** Extra environment (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Every stats line it printed. */
  stats: WorkerStats[];
  exited: Promise<number | null>;
}

export interface Cluster {
  readonly live: WorkerProcess[];
  readonly all: WorkerProcess[];
  spawn(): Promise<WorkerProcess>;
  /** kill -9 one worker process. */
  kill(w: WorkerProcess): Promise<void>;
  /** SIGTERM every live worker (graceful: jobs in progress finish), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startCluster(o: ClusterOptions): Cluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cluster-'));
  const sitesFile = path.join(dir, 'sites.json');
  fs.writeFileSync(sitesFile, JSON.stringify(o.sites));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    GONGKAI_ALLOW_PRIVATE: '1',
    GONGKAI_ORIGIN_OVERRIDES: Object.entries(o.overrides)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    GK_SITES_FILE: sitesFile,
    GK_PREFIX: o.prefix,
    GK_CONCURRENCY: String(o.concurrency ?? 4),
    ...(o.parseThreads ? { GK_PARSE_THREADS: String(o.parseThreads) } : {}),
    ...(o.stall ? { GK_STALL: JSON.stringify(o.stall) } : {}),
    ...(o.retry ? { GK_RETRY: JSON.stringify(o.retry) } : {}),
    ...o.env,
  };
  const live: WorkerProcess[] = [];
  const all: WorkerProcess[] = [];
  return {
    live,
    all,
    spawn: () =>
      new Promise<WorkerProcess>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            ...(process.env.GK_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.GK_PROF] : []),
            '--import',
            'tsx',
            ENTRY,
          ],
          { env, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        const w: WorkerProcess = {
          child,
          pid: child.pid!,
          stats: [],
          exited: new Promise((r) =>
            child.on('exit', (code) => {
              const i = live.indexOf(w);
              if (i >= 0) live.splice(i, 1);
              r(code);
            }),
          ),
        };
        let buf = '';
        let ready = false;
        child.stdout!.on('data', (chunk: Buffer) => {
          buf += chunk.toString('utf8');
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            try {
              const msg = JSON.parse(line) as WorkerStats & { ready?: boolean };
              if (msg.ready && !ready) {
                ready = true;
                resolve(w);
              } else if (!msg.ready) w.stats.push(msg);
            } catch {
              /* not a stats line */
            }
          }
        });
        child.on('exit', (code) => {
          if (!ready) reject(new Error(`worker process exited with ${code} before it was ready`));
        });
        live.push(w);
        all.push(w);
      }),
    async kill(w) {
      w.child.kill('SIGKILL');
      await w.exited;
    },
    async stop(graceMs = 15_000) {
      const ws = [...live];
      for (const w of ws) w.child.kill('SIGTERM');
      await Promise.race([Promise.all(ws.map((w) => w.exited)), new Promise((r) => setTimeout(r, graceMs))]);
      for (const w of ws) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await Promise.all(ws.map((w) => w.exited));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
