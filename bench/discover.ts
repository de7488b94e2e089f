// bench/discover: what `gongkai sites add` spends to find each replica portal's report columns from its home page —
// requests and seconds — beside the registry's hand-written entries for the same site.
//
//   npm run bench:discover -- [--politeness 0] [--budget 60]
//
// The replicas answer on 127.0.0.1; with --politeness N each request to a host waits N ms after the previous one, as
// a real crawl would (default 0: the figure is then discovery's own cost, not the politeness wait).
import { sites } from '../config/registry.js';
import { discoverSite } from '../crawlers/discovery/discover-site.js';
import { createFetcher, MemoryHostGate } from '../crawlers/fetch/index.js';
import { decodeText } from '../parsers/frontends/decode.js';
import { startPortals } from '../replicas/index.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const POLITENESS = arg('politeness', 0);
const BUDGET = arg('budget', 60);
const IDS = ['szns', 'sz', 'gzns', 'cqna', 'hrbng', 'nfdist', 'trshtm', 'plaincms'];

const portals = await startPortals({ only: IDS });
const fetcher = createFetcher({
  overrides: portals.overrides,
  allowPrivateAddresses: true,
  gate: POLITENESS > 0 ? new MemoryHostGate() : undefined,
  politenessMs: POLITENESS,
});
const registry = sites();
const rows: string[][] = [];
try {
  for (const site of portals.sites) {
    const started = performance.now();
    const d = await discoverSite(
      `${site.realOrigins[0]}/`,
      async (url) => {
        const r = await fetcher.fetch({ url, siteId: site.id, allowedHosts: site.hosts });
        return r.status === 'ok' ? { url: r.url, text: decodeText(r.bytes, r.contentType ?? undefined) } : null;
      },
      { budget: BUDGET },
    );
    const seconds = (performance.now() - started) / 1000;
    const written = registry.find((s) => s.id === site.id);
    rows.push([
      site.id,
      d.fingerprint.family,
      String(d.requests),
      seconds.toFixed(2),
      d.entries.map((e) => `${e.family} ${new URL(e.url).pathname} (${e.reports})`).join(', ') || '—',
      written
        ? written.entries
            .map(
              (e) =>
                `${e.family} ${new URL(e.url).host === new URL(site.realOrigins[0]).host ? new URL(e.url).pathname : e.url}`,
            )
            .join(', ')
        : '(no row written)',
    ]);
  }
} finally {
  await fetcher.close();
  await portals.close();
}

const head = [
  'site',
  'family',
  'requests',
  'seconds',
  'discovered entries (reports on first pages)',
  'hand-written entries',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(`discovery from each replica's home page (budget ${BUDGET}, politeness ${POLITENESS} ms)`);
console.log(line(head));
for (const r of rows) console.log(line(r));
