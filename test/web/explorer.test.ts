// gongkai serve on a database loaded by a real crawl of the replicas (PostgreSQL), driven by Playwright in Debian's
// Chromium: search, the agency page against report_cells, charts drawn, a golden report's cells, CSV downloads,
// hostile text rendered as text, 404s. Screenshots of the home, agency and report pages go to test/output/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadOnly, type ReadOnlyDb } from '../../db/read-only.js';
import { reportFromJson } from '../../parsers/json.js';
import { type RunningExplorer, startExplorer } from '../../web/server.js';
import { PG_ADMIN_URL } from '../helpers/db.js';
import { type Harness, startHarness } from '../helpers/pipeline-harness.js';

const OUTPUT = fileURLToPath(new URL('../output/', import.meta.url));
const SITES = ['szns', 'cqna'];
const HOSTILE_AGENCY = `合成测试"><script>window.__xss=1</script>区'人民政府`;
const HOSTILE_TITLE = `=HYPERLINK("http://x")<script>window.__xss=2</script>"标题'<img src=x onerror="window.__xss=3">`;

let h: Harness;
let ro: ReadOnlyDb;
let server: RunningExplorer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

/** The key figures recomputed from report_cells, independently of web/metrics.ts: year → figure → value. */
const FIGURE_SQL: Record<string, string> = {
  new_received: `table_name = 'requests' AND row_key = 'new_received' AND col_key = 'total'`,
  granted: `table_name = 'requests' AND row_key = 'granted' AND col_key = 'total'`,
  denied: `table_name = 'requests' AND row_key LIKE 'denied.%' AND col_key = 'total'`,
  unable: `table_name = 'requests' AND row_key LIKE 'unable.%' AND col_key = 'total'`,
  not_processed: `table_name = 'requests' AND row_key LIKE 'not\\_processed.%' AND col_key = 'total'`,
  carried_forward: `table_name = 'requests' AND row_key = 'carried_forward' AND col_key = 'total'`,
  reviews: `table_name = 'review' AND row_key = 'review' AND col_key = 'total'`,
  lawsuits: `table_name = 'review' AND row_key IN ('litigation_direct', 'litigation_after_review') AND col_key = 'total'`,
  corrected: `table_name = 'review' AND col_key = 'corrected'`,
};

async function storedFigures(agency: string): Promise<Map<number, Record<string, number | null>>> {
  const out = new Map<number, Record<string, number | null>>();
  for (const [id, where] of Object.entries(FIGURE_SQL)) {
    const rows = await h.rt.store.db.query<{ year: number; v: string | null }>(
      `SELECT year, sum(value) AS v FROM report_cells WHERE agency = $1 AND ${where} GROUP BY year`,
      [agency],
    );
    for (const r of rows) {
      const year = Number(r.year);
      const figures = out.get(year) ?? {};
      out.set(year, figures);
      figures[id] = r.v === null ? null : Number(r.v);
    }
  }
  return out;
}

function multiYearAgency(): string {
  const counts = new Map<string, number>();
  for (const r of h.portals.site('szns').reports) counts.set(r.agency, (counts.get(r.agency) ?? 0) + 1);
  const [agency] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return agency;
}

function goldenSeed() {
  const seed = h.portals.site('szns').reports.find((r) => !r.synthetic && !r.disallowed);
  if (!seed) throw new Error('the szns replica publishes no seed report');
  return seed;
}

const href = (p: string, params: Record<string, string | number>) =>
  `${server.url}${p}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`;

beforeAll(async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  h = await startHarness('postgres', { portals: { only: SITES } });
  await h.crawl(SITES, 'full');

  // A hostile report: markup and quotes in the agency name and the title, loaded as any report is.
  const golden = JSON.parse(
    fs.readFileSync(new URL('../fixtures/golden/000_9a0889932f31a8f7.json', import.meta.url), 'utf8'),
  );
  const report = reportFromJson({ ...golden, agency: HOSTILE_AGENCY, title: HOSTILE_TITLE, findings: [] });
  const doc = await h.rt.store.saveDocument({
    bytes: new TextEncoder().encode(`<html><body>${HOSTILE_TITLE}</body></html>`),
    contentType: 'text/html',
    sourceUrl: 'javascript:alert(1)//hostile',
    fetchedAt: new Date(),
  });
  await h.rt.store.loadReport(
    doc.documentId,
    { ok: true, report, source: 'html' },
    { sourceUrl: 'javascript:alert(1)//hostile', parserVersion: 'test' },
  );

  const [{ name }] = await h.rt.store.db.query<{ name: string }>('SELECT current_database() AS name');
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  ro = await openReadOnly({ databaseUrl: url.toString(), home: '/nonexistent' }, 4);
  server = await startExplorer(ro, { port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ro?.close();
  await h?.close();
});

describe('gongkai serve', () => {
  it('home shows the counts; the search box finds an agency', async () => {
    const agency = multiYearAgency();
    await page.goto(`${server.url}/`);
    const [{ n }] = await h.rt.store.db.query<{ n: string }>('SELECT count(*) AS n FROM reports');
    expect(await page.locator('[data-count="reports"]').textContent()).toBe(String(Number(n)));
    await page.screenshot({ path: path.join(OUTPUT, 'home.png'), fullPage: true });

    await page.locator('main input[name="q"]').fill(agency.slice(2, 6));
    await page.locator('main form.big-search button').click();
    await page.waitForURL(/\/search\?/);
    const hit = page.locator('a.agency', { hasText: agency });
    expect(await hit.count()).toBe(1);
    await hit.click();
    await page.waitForURL(/\/agency\?/);
    expect(await page.locator('#agency-name').textContent()).toBe(agency);
  }, 60_000);

  it("the agency page's numbers are the store's for every year shown, and its charts are drawn", async () => {
    const agency = multiYearAgency();
    await page.goto(href('/agency', { name: agency }));
    const shown = await page.$$eval('#figures td[data-metric]', (tds) =>
      tds.map((td) => ({
        metric: td.getAttribute('data-metric') ?? '',
        year: Number(td.getAttribute('data-year')),
        text: td.querySelector('.v')?.textContent ?? '',
      })),
    );
    const stored = await storedFigures(agency);
    const years = [...new Set(shown.map((s) => s.year))].sort();
    expect(years).toEqual([...stored.keys()].sort());
    expect(years.length).toBeGreaterThanOrEqual(2);
    expect(shown.length).toBe(years.length * Object.keys(FIGURE_SQL).length);
    for (const s of shown) {
      const v = stored.get(s.year)?.[s.metric] ?? null;
      expect(s.text, `${s.metric} ${s.year}`).toBe(v === null ? '—' : String(v));
    }

    // Every chart's canvas has been painted (not blank).
    await page.waitForFunction(() => {
      const charts = document.querySelectorAll('.chart');
      return charts.length > 0 && document.querySelectorAll('.chart[data-drawn]').length === charts.length;
    });
    const painted = await page.$$eval('.chart', (charts) =>
      charts.map((c) => {
        const canvas = c.querySelector('canvas');
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx) return 0;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
      }),
    );
    expect(painted.length).toBe(2);
    for (const n of painted) expect(n).toBeGreaterThan(1000);
    await page.screenshot({ path: path.join(OUTPUT, 'agency.png'), fullPage: true });
  }, 60_000);

  it('the CSV download (UTF-8 with BOM) parses back to the same numbers', async () => {
    const agency = multiYearAgency();
    await page.goto(href('/agency', { name: agency }));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[href*="table=figures"][href*="format=csv"]').click(),
    ]);
    const file = path.join(OUTPUT, 'agency-figures.csv');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    const header = lines[0].split(',');
    expect(header[0]).toBe('年份');
    const stored = await storedFigures(agency);
    const ids = Object.keys(FIGURE_SQL);
    expect(lines.length - 1).toBe(stored.size);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const year = Number(cells[0]);
      // Columns: year, then each figure and its change.
      ids.forEach((id, i) => {
        const v = stored.get(year)?.[id] ?? null;
        expect(cells[1 + 2 * i], `${id} ${year}`).toBe(v === null ? '' : String(v));
      });
    }
  }, 60_000);

  it('the report page shows every golden cell of a golden report, with provenance', async () => {
    const seed = goldenSeed();
    await page.goto(href('/report', { agency: seed.golden.agency, year: seed.golden.year }));
    const shown = await page.$$eval('td[data-table]', (tds) =>
      tds.map((td) => ({
        key: `${td.getAttribute('data-table')}.${td.getAttribute('data-row')}.${td.getAttribute('data-col')}`,
        text: td.querySelector('.v')?.textContent ?? '',
      })),
    );
    const byKey = new Map(shown.map((s) => [s.key, s.text]));
    let checked = 0;
    for (const table of ['active', 'requests', 'review'] as const) {
      for (const [row, cols] of Object.entries(seed.golden[table] ?? {})) {
        for (const [col, value] of Object.entries(cols)) {
          if (value === null) continue;
          expect(byKey.get(`${table}.${row}.${col}`), `${table}.${row}.${col}`).toBe(String(value));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(await page.locator('a#original').getAttribute('href')).toMatch(/^\/document\/\d+$/);
    const original = await page.request.get(`${server.url}${await page.locator('a#original').getAttribute('href')}`);
    expect(original.status()).toBe(200);
    expect(original.headers()['content-disposition']).toMatch(/^attachment/);
    expect((await original.body()).length).toBeGreaterThan(1000);
    await page.screenshot({ path: path.join(OUTPUT, 'report.png'), fullPage: true });

    // The API gives the same report in the shape of `gongkai parse --json`.
    const api = await (
      await page.request.get(href('/api/report', { agency: seed.golden.agency, year: seed.golden.year }))
    ).json();
    expect(api.agency).toBe(seed.golden.agency);
    const requests = seed.golden.requests ?? {};
    const cell = api.requests.new_received.total;
    expect(typeof cell === 'number' ? cell : cell.value).toBe(requests.new_received.total);
    expect(api.provenance.document.download).toMatch(/^\/document\/\d+$/);
  }, 60_000);

  it('the JSON API: agencies with years, yoy as the yoy view has it', async () => {
    const agency = multiYearAgency();
    const list = await (await page.request.get(href('/api/agencies', { q: agency.slice(2, 6) }))).json();
    const hit = list.items.find((i: { agency: string }) => i.agency === agency);
    expect(hit.years.length).toBeGreaterThanOrEqual(2);
    const yoy = await (
      await page.request.get(href('/api/yoy', { agency, metric: 'requests.new_received.total' }))
    ).json();
    const view = await h.rt.store.db.query<Record<string, string | null>>(
      `SELECT year, value, prev_value, change, pct_change FROM yoy WHERE agency = $1 AND table_name = 'requests'
          AND row_key = 'new_received' AND col_key = 'total' ORDER BY year`,
      [agency],
    );
    expect(yoy.items).toEqual(
      view.map((r) => ({
        year: Number(r.year),
        value: Number(r.value),
        prev_value: r.prev_value === null ? null : Number(r.prev_value),
        change: r.change === null ? null : Number(r.change),
        pct_change: r.pct_change === null ? null : Number(r.pct_change),
      })),
    );
    const aggregate = await (await page.request.get(href('/api/aggregate', { metric: 'denied' }))).json();
    expect(aggregate.items.length).toBeGreaterThan(0);
  }, 60_000);

  it('a hostile agency name and title render as text', async () => {
    for (const url of [
      href('/search', { q: '合成测试"' }),
      href('/agency', { name: HOSTILE_AGENCY }),
      href('/report', { agency: HOSTILE_AGENCY, year: 2023 }),
    ]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('main script, main img').count()).toBe(0);
      expect(await page.locator('main').textContent()).toContain(HOSTILE_AGENCY);
    }
    expect(await page.locator('#report-title').textContent()).toBe(HOSTILE_TITLE);
    // The javascript: source URL is shown, never a link.
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    // In a CSV the title is not a formula for a spreadsheet.
    const csv = await (
      await page.request.get(href('/agency', { name: HOSTILE_AGENCY, format: 'csv', table: 'reports' }))
    ).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")`);
  }, 60_000);

  it('unknown ids give 404 pages, bad parameters 400, never a stack trace', async () => {
    const cases: [string, number][] = [
      [href('/agency', { name: '不存在的机关' }), 404],
      [href('/report', { agency: multiYearAgency(), year: 1999 }), 404],
      [href('/report', { agency: multiYearAgency(), year: 'abc' }), 400],
      [`${server.url}/document/999999999`, 404],
      [`${server.url}/document/..%2F..%2Fetc%2Fpasswd`, 404],
      [`${server.url}/document/1;DROP`, 404],
      [href('/api/report', { agency: '不存在的机关', year: 2023 }), 404],
      [href('/aggregate', { metric: 'requests.nope.total' }), 400],
      [href('/search', { q: 'x'.repeat(500) }), 400],
      [`${server.url}/no/such/page`, 404],
      [`${server.url}/api/no-such-endpoint`, 404],
    ];
    for (const [url, status] of cases) {
      const res = await page.request.get(url);
      expect(res.status(), url).toBe(status);
      const body = await res.text();
      expect(body, url).not.toMatch(/\n\s+at |node_modules|Error:/);
    }
  }, 60_000);

  it('reads through a read-only session: a write is refused', async () => {
    await expect(ro.read((db) => db.query(`INSERT INTO sites (id) VALUES ('written-by-serve')`))).rejects.toThrow(
      /read-only/,
    );
  });
});
