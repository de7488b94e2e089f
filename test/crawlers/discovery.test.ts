// Site discovery: from only a portal's home page, find its annual-report columns (family, entries, what they list)
// within a request budget; the rows it writes crawl every report the replica serves (Redis BullMQ → PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sites } from '../../config/registry.js';
import type { SiteConfig } from '../../config/site-schema.js';
import { type Discovery, discoverSite } from '../../crawlers/discovery/discover-site.js';
import { fingerprint } from '../../crawlers/discovery/fingerprint.js';
import { createFetcher } from '../../crawlers/fetch/index.js';
import { directoryOf } from '../../crawlers/links.js';
import { decodeText } from '../../parsers/frontends/decode.js';
import { startPortals } from '../../replicas/index.js';
import { type Harness, startHarness } from '../helpers/pipeline-harness.js';

const TARGETS = ['szns', 'sz', 'gzns', 'cqna', 'hrbng'];
const VARIANTS = ['nfdist', 'trshtm', 'plaincms'];
const EXPECTED_FAMILY: Record<string, string> = {
  szns: 'nfcms',
  sz: 'nfcms',
  gzns: 'nfcms',
  cqna: 'trs',
  hrbng: 'ucap',
  nfdist: 'nfcms',
  trshtm: 'trs',
  plaincms: 'generic',
};

const found = new Map<string, Discovery>();
const rows: SiteConfig[] = [];

beforeAll(async () => {
  const portals = await startPortals({ only: [...TARGETS, ...VARIANTS] });
  const fetcher = createFetcher({ overrides: portals.overrides, allowPrivateAddresses: true });
  try {
    for (const site of portals.sites) {
      const home = `${site.realOrigins[0]}/`;
      const host = new URL(home).host;
      const d = await discoverSite(home, async (url) => {
        const r = await fetcher.fetch({ url, siteId: site.id, allowedHosts: site.hosts });
        return r.status === 'ok' ? { url: r.url, text: decodeText(r.bytes, r.contentType ?? undefined) } : null;
      });
      found.set(site.id, d);
      console.log(
        `${site.id}: ${d.fingerprint.family}, ${d.entries.length} entries (${d.entries.map((e) => `${e.url} ${e.reports}`).join(', ')}), ${d.requests} requests`,
      );
      if (d.entries.length > 0) {
        rows.push({
          id: `found-${site.id}`,
          name: d.siteName ?? site.name,
          hosts: [host],
          entries: d.entries.map(({ family, url }) => ({ family, url })),
        });
      }
    }
  } finally {
    await fetcher.close();
    await portals.close();
  }
}, 180_000);

describe('sites add: discovery from a home page', () => {
  it.each([...TARGETS, ...VARIANTS])('%s: recognises the family and finds report columns within the budget', (id) => {
    const d = found.get(id)!;
    expect(d.fingerprint.family, d.fingerprint.evidence.join('; ')).toBe(EXPECTED_FAMILY[id]);
    expect(d.entries.length, d.looked.join('\n')).toBeGreaterThan(0);
    expect(d.requests).toBeLessThanOrEqual(60);
    for (const e of d.entries) expect(e.reports).toBeGreaterThan(0);
  });

  it.each(TARGETS)('%s: covers every entry of the hand-written registry row on its own hosts', (id) => {
    const row = sites().find((s) => s.id === id)!;
    const d = found.get(id)!;
    const home = new URL(d.looked[0]).host;
    for (const entry of row.entries.filter((e) => new URL(e.url).host === home)) {
      const covered = d.entries.some(
        (e) =>
          e.url === entry.url ||
          e.url.startsWith(directoryOf(entry.url)) ||
          entry.url.startsWith(directoryOf(e.url)) ||
          (entry.scope !== undefined && e.url.startsWith(entry.scope)),
      );
      expect(covered, `${entry.url} not covered by ${d.entries.map((e) => e.url).join(', ')}`).toBe(true);
    }
  });

  it('names what a page shows of each family', () => {
    expect(fingerprint([{ url: 'http://x/', text: '<p>nothing</p>' }]).family).toBe('generic');
    expect(
      fingerprint([{ url: 'http://x/col/col1001/index.html', text: '<script src="/module/web/jpage/dataproxy.jsp">' }])
        .family,
    ).toBe('hanweb');
  });
});

describe('the discovered rows crawl every report the replicas serve', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('redis', {
      portals: { only: [...TARGETS, ...VARIANTS] },
      runtime: { sites: rows, noBrowser: true },
    });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('finds and loads every report on the sites’ own hosts', { timeout: 300_000 }, async () => {
    const summaries = await h.crawl(
      rows.map((r) => r.id),
      'full',
    );
    const db = h.rt.store.db;
    for (const row of rows) {
      const summary = summaries.find((s) => s.siteId === row.id)!;
      const served = h.portals
        .site(row.id.replace(/^found-/, ''))
        .reports.filter((r) => !r.disallowed && row.hosts.includes(new URL(r.url).host));
      const missing: string[] = [];
      for (const r of served) {
        const [hit] = await db.query<{ n: string }>(
          'SELECT count(*)::text AS n FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE a.name = $1 AND r.year = $2',
          [r.agency, r.year],
        );
        if (hit.n === '0') missing.push(`${r.agency} ${r.year} (${r.url})`);
      }
      expect(missing, `${row.id}: ${JSON.stringify(summary).slice(0, 600)}`).toEqual([]);
      expect(summary.reportsFound).toBeGreaterThanOrEqual(served.length);
    }
  });
});
