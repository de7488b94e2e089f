// The whole pipeline on real Redis (BullMQ) and real PostgreSQL, against the replica portals: golden values per site,
// nightly re-crawl cost, revisions, the JS-only listing through Chromium, politeness across two workers, robots.txt
// and scope, faults. Needs Redis at REDIS_URL (default 127.0.0.1:6379), PostgreSQL at 127.0.0.1:5432 and
// /usr/bin/chromium; fails (never skips) without them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHistory } from '../../db/queries.js';
import type { QueuedRun } from '../../workers/enqueue.js';
import { DEFAULT_SCHEDULE, FULL_SCHEDULER, NIGHTLY_SCHEDULER, upsertSchedules } from '../../workers/schedule.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { expectGoldenStored, type Harness, startHarness } from '../helpers/pipeline-harness.js';
import { type MutatingProxy, startMutatingProxy } from '../helpers/revising-proxy.js';

const TARGETS = ['szns', 'sz', 'gzns', 'cqna', 'hrbng', 'hanweb'];
let h: Harness;
let proxy: MutatingProxy;
const POLITENESS_MS = 100;

beforeAll(async () => {
  h = await startHarness('redis', {
    runtime: { politenessMs: POLITENESS_MS },
    // sz goes through a proxy that can revise a report's figures.
    overrides: async (portals) => {
      proxy = await startMutatingProxy(portals.site('sz').origin);
      const o = { ...portals.overrides };
      for (const real of portals.site('sz').realOrigins) o[real] = proxy.origin;
      return o;
    },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await proxy?.close();
});

describe('crawl through Redis BullMQ into PostgreSQL', () => {
  // Generous: six sites through Chromium and the parser processes on a shared, loaded machine.
  it('finds every report of every target site and stores the golden values', { timeout: 240_000 }, async () => {
    await expectGoldenStored(h, TARGETS, await h.crawl(TARGETS, 'full'));
    // The JS-only listing was read by Chromium: its list exists only after the dataproxy.jsp POST.
    expect(
      h.portals.requestLog.count(
        'hanweb',
        (e) => e.method === 'POST' && e.path.startsWith('/module/web/jpage/dataproxy.jsp'),
      ),
    ).toBeGreaterThan(0);
    // A report only in an attachment is stored from the attachment, linked to its page.
    const linked = await h.rt.store.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM documents WHERE parent_document_id IS NOT NULL',
    );
    expect(Number(linked[0].n)).toBeGreaterThan(0);
  });

  it('builds a report from its attachment when the page has no tables, and keeps in-page tables otherwise', async () => {
    const db = h.rt.store.db;
    const current = async (agency: string, year: number) =>
      (
        await db.query<{ source_kind: string; doc_url: string; parent_url: string | null }>(
          `SELECT v.source_kind, d.source_url AS doc_url, p.source_url AS parent_url
           FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN revisions v ON v.id = r.current_revision_id
           JOIN documents d ON d.id = v.document_id LEFT JOIN documents p ON p.id = d.parent_document_id
          WHERE a.name = $1 AND r.year = $2`,
          [agency, year],
        )
      )[0];
    // Agency-years published by one replica only (szns and gzns share synthetic names).
    const all = h.portals.sites.flatMap((s) => s.reports.filter((r) => !r.disallowed));
    const unique = all.filter(
      (r) => all.filter((o) => o.golden.agency === r.golden.agency && o.golden.year === r.golden.year).length === 1,
    );
    const attachmentOnly = unique.filter((r) => !r.inPage);
    expect(attachmentOnly.length).toBeGreaterThan(0);
    for (const r of attachmentOnly) {
      const c = await current(r.golden.agency, r.golden.year);
      expect(r.attachmentUrls, r.url).toContain(c.doc_url);
      expect(c.parent_url, r.url).toBe(r.url); // the attachment is stored linked to its page
    }
    const both = unique.filter((r) => r.inPage && r.attachmentUrls.length > 0);
    expect(both.length).toBeGreaterThan(0);
    for (const r of both) {
      const c = await current(r.golden.agency, r.golden.year);
      expect(c.doc_url, r.url).toBe(r.url);
      expect(c.source_kind).toBe('html');
      const recorded = await db.query<{ url: string }>(
        'SELECT d.source_url AS url FROM documents d JOIN documents p ON p.id = d.parent_document_id WHERE p.source_url = $1',
        [r.url],
      );
      expect(recorded.map((x) => x.url).sort(), r.url).toEqual([...r.attachmentUrls].sort());
    }
  });

  it('installs the schedule idempotently; a scheduled tick starts a run per site', async () => {
    const q = h.rt.ctx.queues.discover;
    await upsertSchedules(q, DEFAULT_SCHEDULE);
    await upsertSchedules(q, { ...DEFAULT_SCHEDULE, cron: '30 1 * * *' }); // a restart with a changed setting
    expect(await q.getJobSchedulersCount()).toBe(2);
    expect((await q.getJobScheduler(NIGHTLY_SCHEDULER))?.pattern).toBe('30 1 * * *');
    // What the scheduler enqueues at 01:30: a 'schedule' job that fans out into one run per site.
    const tick = await q.add('schedule', { mode: 'nightly', sites: ['cqna', 'hrbng'] });
    let state = await tick.getState();
    for (let i = 0; i < 100 && state !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await tick.getState();
    }
    expect(state).toBe('completed');
    const { runs } = (await q.getJob(tick.id!))!.returnvalue as { runs: QueuedRun[] };
    const results = await waitForRuns(h.rt.ctx.queues, runs, { timeoutMs: 60_000 });
    expect(results.map((r) => r.siteId)).toEqual(['cqna', 'hrbng']);
    for (const r of results) expect('failed' in r).toBe(false);
    await q.removeJobScheduler(NIGHTLY_SCHEDULER);
    await q.removeJobScheduler(FULL_SCHEDULER);
  });

  it('honours robots.txt and stays inside each site’s hosts', async () => {
    // szns links a draft under a Disallow path: never requested, and counted as skipped — not as a failure.
    expect(h.portals.requestLog.entries.filter((e) => e.path.startsWith('/preview/'))).toEqual([]);
    const [row] = await h.rt.store.db.query<{
      error: string | null;
      skipped: number;
      failures: number;
      status: string;
    }>("SELECT error, skipped, failures, status FROM crawl_runs WHERE site_id = 'szns' ORDER BY id LIMIT 1");
    expect(row).toMatchObject({ skipped: 1, failures: 0, status: 'completed', error: null });
    // The registry's hosts are the fetcher's scope: another site's host is refused without a request.
    const before = h.portals.requestLog.entries.length;
    const res = await h.rt.fetcher.fetch({ url: 'http://www.sz.gov.cn/cn/xxgk/ndxxgkbg/', siteId: 'szns' });
    expect(res.status).toBe('blocked');
    expect(h.portals.requestLog.entries.length).toBe(before);
  });

  it('re-crawls unchanged sites nightly with at most one request each beyond robots.txt, and no new revision', async () => {
    h.portals.requestLog.clear();
    const runs = await h.crawl(TARGETS, 'nightly');
    for (const run of runs) {
      expect(run.newRevisions, run.siteId).toBe(0);
      expect(run.notModified, run.siteId).toBe(1);
      const requests = h.portals.requestLog.count(run.siteId, (e) => e.path !== '/robots.txt');
      // The JS-only listing is rendered: its page and the one script request that fills it.
      expect(requests, run.siteId).toBeLessThanOrEqual(run.siteId === 'hanweb' ? 2 : 1);
    }
  });

  it('stores a report changed on a replica as a new revision (full re-crawl), the old one kept', async () => {
    // One figure of one report is corrected on the portal: new bytes, new ETag, a different parse.
    const changed = h.portals.site('sz').reports.find((r) => r.inPage)!;
    proxy.mutate(new URL(changed.url).pathname);
    const [run] = await h.crawl(['sz'], 'full');
    expect(run.newDocuments).toBe(1);
    expect(run.newRevisions).toBe(1);
    expect(run.notModified).toBeGreaterThan(0); // the other reports answered 304
    const history = await reportHistory(h.rt.store.db, changed.golden.agency, changed.golden.year);
    expect(history.length).toBe(2);
    // A revision of the text only (the replica's own) is fetched and stored, but the numbers did not change.
    h.portals.reviseReport('sz', h.portals.site('sz').reports.find((r) => r.url !== changed.url && r.inPage)!.key);
    const [again] = await h.crawl(['sz'], 'full');
    expect(again.newDocuments).toBe(1);
    expect(again.newRevisions).toBe(0);
  });

  it('keeps two workers within a host’s politeness interval (from the replica’s request log)', async () => {
    const second = await h.extraWorkers();
    expect(second.workers.workers.length).toBe(2); // discover and fetch
    h.portals.requestLog.clear();
    await h.crawl(['sz'], 'force'); // one host only: politeness is per host
    const times = h.portals.requestLog
      .of('sz', (e) => e.path !== '/robots.txt')
      .map((e) => e.time)
      .sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(10);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // The gate spaces slots by POLITENESS_MS plus its 25 ms slack; arrivals may jitter by up to that slack.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(POLITENESS_MS);
  });

  it('finishes a fault-injected site with retries and records what failed', async () => {
    h.portals.setFault('hrbng', [
      { kind: 'error', status: 503, paths: /c01_\d+\.shtml$/, times: 2 }, // retried, then fine
      { kind: 'rate_limit', retryAfter: '1', paths: /navlist/, times: 1 }, // Retry-After honoured
      { kind: 'error', status: 500, paths: /\/files\// }, // an attachment that always fails
    ]);
    h.portals.requestLog.clear();
    const [run] = await h.crawl(['hrbng'], 'force');
    h.portals.setFault('hrbng', null);
    const retried = h.portals.requestLog.of('hrbng', (e) => e.status === 503);
    expect(retried.length).toBe(2);
    expect(h.portals.requestLog.count('hrbng', (e) => e.status === 429)).toBe(1);
    // Retry-After: 1 — the walk waited that long before asking again (the queue's delay, not an attempt).
    const navlist = h.portals.requestLog.of('hrbng', (e) => /navlist/.test(e.path)).map((e) => e.time);
    expect(navlist.length).toBeGreaterThanOrEqual(2);
    expect(navlist[1] - navlist[0]).toBeGreaterThanOrEqual(950);
    expect(run.reportsFound).toBe(h.portals.site('hrbng').reports.length);
    const runs = await h.rt.store.db.query<{ failures: number; error: string | null; finished_at: Date | null }>(
      'SELECT failures, error, finished_at FROM crawl_runs WHERE id = $1',
      [run.runId],
    );
    expect(runs[0].finished_at).not.toBeNull();
    if (h.portals.site('hrbng').reports.some((r) => r.attachmentUrls.length > 0)) {
      expect(runs[0].failures).toBeGreaterThan(0);
      expect(runs[0].error).toMatch(/\/files\/.*HTTP 500/);
    }
  });
});
