// `gongkai demo`: replica portals → crawl every site through the whole pipeline → year-over-year table and findings,
// then a nightly re-crawl to show what an unchanged site costs. The demo's fictional agencies never land in a real
// store: embedded in a temporary directory by default; with DATABASE_URL set, in a database of its own on that server
// (created, then dropped); with REDIS_URL set, under a queue prefix of its own (removed after). `--into` says
// otherwise explicitly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../config/logger.js';
import { sites as registrySites } from '../../config/registry.js';
import { settings as configured, loadSettingsWith, redactUrl, type Settings } from '../../config/settings.js';
import type { SiteConfig } from '../../crawlers/types.js';
import { queryFindings, queryYoy } from '../../db/queries.js';
import { createScratchDatabase, type ScratchDatabase } from '../../db/scratch-database.js';
import { REPLICA_ONLY_SITES, startPortals } from '../../replicas/index.js';
import { enqueueRun } from '../../workers/enqueue.js';
import type { CrawlMode } from '../../workers/jobs.js';
import { openRuntime } from '../../workers/open-pipeline.js';
import { defaultConcurrency, onShutdown, startWorkers } from '../../workers/start-workers.js';
import { followRuns, summaryTable } from '../output/follow.js';
import { formatTable } from './store.js';

export interface DemoOptions {
  home?: string;
  keep?: boolean;
  /** `configured`: write into DATABASE_URL/REDIS_URL (or GONGKAI_HOME) as they are set; a postgres:// URL: that
   *  database. Default: a store and queue prefix of the demo's own. */
  into?: string;
  needsBrowser: (site: SiteConfig) => boolean;
  /** Sites to crawl (default all). */
  only?: string[];
  log?: (line: string) => void;
}

const METRIC = 'new_received.total';

/** Returns where the store is (the embedded home; with DATABASE_URL set the data is there). */
/** Where the demo writes, and how that is undone. */
interface DemoTarget {
  settings: Settings;
  /** Redis key prefix of the demo's own queues (Redis only). */
  prefix?: string;
  scratch?: ScratchDatabase;
  /** For the closing line: where the data went. */
  describe(kept: boolean): string;
}

async function demoTarget(o: DemoOptions, home: string, temp: boolean): Promise<DemoTarget> {
  const base = configured();
  // The replicas listen on 127.0.0.1: private addresses are allowed for this run only. Quieter logs unless asked.
  const make = (databaseUrl: string | undefined) =>
    loadSettingsWith(
      { GONGKAI_HOME: home, GONGKAI_ALLOW_PRIVATE: '1', DATABASE_URL: databaseUrl ?? '' },
      { LOG_LEVEL: 'warn' },
    );
  if (o.into === 'configured') {
    const settings = loadSettingsWith({ GONGKAI_ALLOW_PRIVATE: '1' }, { LOG_LEVEL: 'warn' });
    return {
      settings,
      describe: () =>
        `The demo's data is in ${settings.databaseUrl ? redactUrl(settings.databaseUrl) : `embedded PGlite in ${settings.home}`} (--into configured): its agencies named 合成测试…/某某示例… are fictional.`,
    };
  }
  if (o.into !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(o.into))
      throw new Error(`--into takes "configured" or a postgres:// URL, not "${o.into}"`);
    const settings = make(o.into);
    return { settings, describe: () => `The demo's data is in ${redactUrl(o.into)} (--into).` };
  }
  const prefix = base.redisUrl ? `gongkai-demo-${crypto.randomBytes(4).toString('hex')}` : undefined;
  const scratch = base.databaseUrl ? await createScratchDatabase(base.databaseUrl) : undefined;
  const settings = make(scratch?.url);
  const queues = prefix ? `; its queues used the Redis prefix ${prefix}, removed` : '';
  return {
    settings,
    prefix,
    scratch,
    describe: (kept) =>
      scratch
        ? kept
          ? `The demo's data is kept in its own database ${redactUrl(scratch.url)} (DATABASE_URL's ${redactUrl(base.databaseUrl)} was not touched)${queues}.`
          : `The demo's data went to its own database ${scratch.name} on DATABASE_URL's server, now dropped (DATABASE_URL's database was not touched)${queues}.`
        : kept || !temp
          ? `The demo's data is in ${home} (GONGKAI_HOME=${home} gongkai query yoy --agency …)${queues}.`
          : `The demo's data went to a temporary embedded database, now removed${queues}.`,
  };
}

export async function runDemo(o: DemoOptions): Promise<{ home: string }> {
  const say = o.log ?? ((line: string) => console.log(line));
  const temp = !o.home;
  const home = o.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-demo-'));
  let target: DemoTarget;
  try {
    target = await demoTarget(o, home, temp);
  } catch (err) {
    if (temp) fs.rmSync(home, { recursive: true, force: true });
    throw err;
  }
  const { settings } = target;
  const portals = await startPortals();
  say('Replica portals (real origin → local replica):');
  say(
    formatTable(
      ['site', 'real origins', 'replica'],
      portals.sites.map((s) => [s.id, s.realOrigins.filter((x) => x.startsWith('http:')).join(' '), s.origin]),
    ),
  );

  let rt: Awaited<ReturnType<typeof openRuntime>>;
  try {
    rt = await openRuntime(settings, {
      overrides: portals.overrides,
      politenessMs: 50,
      retry: { attempts: 3, backoffMs: 200 },
      prefix: target.prefix,
      sites: REPLICA_ONLY_SITES,
      log: createLogger(settings.logLevel),
    });
  } catch (err) {
    await portals.close();
    await target.scratch?.drop().catch(() => {});
    if (temp) fs.rmSync(home, { recursive: true, force: true });
    throw err;
  }
  const workers = startWorkers(rt.ctx, rt.backend, defaultConcurrency(4));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await workers.close();
    if (target.prefix && rt.backend.redis) await removeKeys(rt.backend.redis, target.prefix);
    await rt.close();
    await portals.close();
    if (target.scratch && !o.keep) await target.scratch.drop();
    if (temp && !o.keep) fs.rmSync(home, { recursive: true, force: true });
  };
  onShutdown(close, { info: (m) => say(m) });
  try {
    say(
      `\nQueues: ${rt.backend.location}${target.prefix ? ` (prefix ${target.prefix})` : ''}. Store: ${settings.databaseUrl ? redactUrl(settings.databaseUrl) : `embedded PGlite in ${home}`}.`,
    );
    const sites = [...registrySites(), ...REPLICA_ONLY_SITES].filter(
      (s) => (!o.only || o.only.includes(s.id)) && portals.sites.some((p) => p.id === s.id),
    );
    const runnable = sites.filter((s) => {
      if (o.needsBrowser(s) && !rt.ctx.renderer) {
        say(`Skipping ${s.id}: its listing exists only after JavaScript runs, and ${rt.ctx.rendererMissing}.`);
        return false;
      }
      return true;
    });

    const crawl = async (mode: CrawlMode) => {
      const runs = [];
      for (const s of runnable) runs.push(await enqueueRun(rt.ctx, s.id, mode, 'demo'));
      return followRuns(rt.ctx.queues, runs, 15 * 60_000);
    };

    say(`\n1. First crawl of ${runnable.length} sites (every listing page, every report):`);
    say(summaryTable(await crawl('full')));

    say(`\n2. Year over year (requests table, ${METRIC}):`);
    // The real reports first (洪泽 2023→2024), then the replicas' fictional agencies, marked as such.
    const agencies = new Map<string, { years: number; synthetic: boolean }>();
    for (const s of portals.sites)
      for (const r of s.reports)
        if (runnable.some((x) => x.id === s.id)) {
          const a = agencies.get(r.agency) ?? { years: 0, synthetic: r.synthetic };
          agencies.set(r.agency, { years: a.years + 1, synthetic: a.synthetic && r.synthetic });
        }
    const ordered = [...agencies]
      .filter(([, a]) => a.years >= 2)
      .sort(([x, a], [y, b]) => {
        return Number(a.synthetic) - Number(b.synthetic) || x.localeCompare(y, 'zh');
      });
    const rows: string[][] = [];
    for (const [agency, a] of ordered) {
      for (const y of await queryYoy(rt.store.db, { agency, table: 'requests', metric: METRIC })) {
        rows.push([
          y.agency,
          a.synthetic ? 'synthetic' : 'real report',
          String(y.year),
          fmt(y.value),
          fmt(y.prev_value),
          y.change === null ? '' : (y.change > 0 ? '+' : '') + fmt(y.change),
          y.pct_change === null ? '' : `${y.pct_change > 0 ? '+' : ''}${y.pct_change.toFixed(1)}%`,
        ]);
      }
    }
    say(
      rows.length
        ? formatTable(['agency', 'data', 'year', 'value', 'previous', 'change', '%'], rows)
        : '(no agency has two years loaded)',
    );
    say(
      '(real report: published by the agency, served byte for byte by a replica; synthetic: 合成测试… / 某某示例… agencies invented by the replicas, not real.)',
    );

    const findings = await queryFindings(rt.store.db, {});
    say(`\n3. Findings (${findings.length}; the numbers stay as published):`);
    say(
      findings.length
        ? formatTable(
            ['agency', 'year', 'severity', 'rule', 'message'],
            findings.slice(0, 25).map((f) => [f.agency, String(f.year), f.severity ?? '', f.rule, f.message]),
          )
        : '(none)',
    );
    if (findings.length > 25) say(`… and ${findings.length - 25} more (gongkai findings)`);

    say('\n4. Nightly re-crawl of the unchanged sites (conditional GET of each site’s first listing page):');
    say(summaryTable(await crawl('nightly')));
  } finally {
    await close();
  }
  say(`\n${target.describe(!!o.keep)}`);
  return { home };
}

/** The demo's own queue keys (and politeness slots) on a shared Redis, removed once it is done. */
async function removeKeys(redis: import('ioredis').Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

function fmt(n: number | null): string {
  return n === null ? '' : Number.isInteger(n) ? String(n) : n.toFixed(2);
}
