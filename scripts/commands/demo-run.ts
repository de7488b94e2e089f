// `gongkai demo`: replica portals → crawl every site through the whole pipeline → year-over-year table and findings,
// then a nightly re-crawl to show what an unchanged site costs. Embedded (PGlite + BullMQ's Postgres backend) unless
// REDIS_URL / DATABASE_URL are set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../config/logger.js';
import { loadSettings } from '../../config/settings.js';
import { SITES } from '../../config/sites.js';
import type { SiteConfig } from '../../crawlers/types.js';
import { queryFindings, queryYoy } from '../../db/queries.js';
import { startPortals } from '../../replicas/index.js';
import { enqueueRun } from '../../workers/enqueue.js';
import type { CrawlMode } from '../../workers/jobs.js';
import { openRuntime } from '../../workers/open-pipeline.js';
import { defaultConcurrency, onShutdown, startWorkers } from '../../workers/start-workers.js';
import { followRuns, summaryTable } from '../output/follow.js';
import { formatTable } from './store.js';

export interface DemoOptions {
  home?: string;
  keep?: boolean;
  needsBrowser: (site: SiteConfig) => boolean;
  /** Sites to crawl (default all). */
  only?: string[];
  log?: (line: string) => void;
}

const METRIC = 'new_received.total';

/** Returns where the store is (the embedded home; with DATABASE_URL set the data is there). */
export async function runDemo(o: DemoOptions): Promise<{ home: string }> {
  const say = o.log ?? ((line: string) => console.log(line));
  const temp = !o.home;
  const home = o.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-demo-'));
  // The replicas listen on 127.0.0.1: allow private addresses for this run only.
  const settings = loadSettings({ ...process.env, GONGKAI_HOME: home, GONGKAI_ALLOW_PRIVATE: '1' });
  const portals = await startPortals();
  say('Replica portals (real origin → local replica):');
  say(
    formatTable(
      ['site', 'real origins', 'replica'],
      portals.sites.map((s) => [s.id, s.realOrigins.filter((x) => x.startsWith('http:')).join(' '), s.origin]),
    ),
  );

  const rt = await openRuntime(settings, {
    overrides: portals.overrides,
    politenessMs: 50,
    retry: { attempts: 3, backoffMs: 200 },
    log: createLogger(process.env.LOG_LEVEL || 'warn'),
  });
  const workers = startWorkers(rt.ctx, rt.backend, defaultConcurrency(4));
  const close = async () => {
    await workers.close();
    await rt.close();
    await portals.close();
    if (temp && !o.keep) fs.rmSync(home, { recursive: true, force: true });
  };
  onShutdown(close, { info: (m) => say(m) });
  try {
    say(
      `\nQueues: ${rt.backend.location}. Store: ${settings.databaseUrl ? 'DATABASE_URL' : `embedded PGlite in ${home}`}.`,
    );
    const sites = SITES.filter((s) => (!o.only || o.only.includes(s.id)) && portals.sites.some((p) => p.id === s.id));
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
    const agencies = new Map<string, number>();
    for (const s of portals.sites)
      for (const r of s.reports)
        if (runnable.some((x) => x.id === s.id)) agencies.set(r.agency, (agencies.get(r.agency) ?? 0) + 1);
    const rows: string[][] = [];
    for (const [agency, n] of agencies) {
      if (n < 2) continue;
      for (const y of await queryYoy(rt.store.db, { agency, table: 'requests', metric: METRIC })) {
        rows.push([
          y.agency,
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
        ? formatTable(['agency', 'year', 'value', 'previous', 'change', '%'], rows)
        : '(no agency has two years loaded)',
    );
    say('(合成测试… / 某某示例… agencies are synthetic test data on the replicas, not real agencies.)');

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
    if (temp && o.keep)
      say(`\nThe demo database is kept in ${home} (GONGKAI_HOME=${home} gongkai query yoy --agency …).`);
  } finally {
    await close();
  }
  return { home };
}

function fmt(n: number | null): string {
  return n === null ? '' : Number.isInteger(n) ? String(n) : n.toFixed(2);
}
