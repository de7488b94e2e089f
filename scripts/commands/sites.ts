// `gongkai sites`: the site registry — list and check it, and `sites add URL` to find a portal's annual-report
// columns and write its row. Discovery itself is crawlers/discovery (pure); this file fetches and prints.
// The registry, discovery and the fetcher load when a command runs, not when `gongkai --help` lists this one.
import type { Command } from 'commander';
import type { SiteConfig } from '../../config/site-schema.js';
import type { Discovery } from '../../crawlers/discovery/discover-site.js';
import { formatTable } from '../output/format.js';

const registry = () => import('../../config/registry.js');

export interface SiteDiscovery {
  discovery: Discovery;
  /** The registry row the discovery makes (null when no entry was found). */
  row: SiteConfig | null;
}

function startUrl(url: string): URL {
  let u: URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^https?:\/\//i.test(url))
    throw new Error(`"${url}" is not an http(s) URL`);
  try {
    u = new URL(/^https?:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    throw new Error(`"${url}" is not a URL (give a portal's home page, e.g. http://www.example.gov.cn/)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`"${url}" is not an http(s) URL`);
  return u;
}

/** A registry id from the host: www.szns.gov.cn → szns (made unique against the ids in use). */
export function siteIdFor(host: string, taken: Set<string>): string {
  const labels = host
    .toLowerCase()
    .replace(/:\d+$/, '')
    .split('.')
    .filter((l) => l !== 'www');
  const base = (labels[0] ?? 'site').replace(/[^a-z0-9_-]/g, '') || 'site';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** Discover a portal's report columns politely (robots.txt, politeness, its hosts only) and make its row. */
export async function discoverSiteRow(
  url: string,
  opts: { budget?: number; id?: string; name?: string; progress?: (line: string) => void } = {},
): Promise<SiteDiscovery> {
  const start = startUrl(url);
  const [
    { settings },
    { sites },
    { checkSite },
    { discoverSite },
    { createFetcherFromSettings, MemoryHostGate },
    { decodeText },
  ] = await Promise.all([
    import('../../config/settings.js'),
    registry(),
    import('../../config/site-registry.js'),
    import('../../crawlers/discovery/discover-site.js'),
    import('../../crawlers/fetch/index.js'),
    import('../../parsers/frontends/decode.js'),
  ]);
  const s = settings();
  const host = start.host.toLowerCase();
  const hosts = host.startsWith('www.') ? [host, host.slice(4)] : [host, `www.${host}`];
  const fetcher = createFetcherFromSettings(s, {
    overrides: s.originOverrides,
    gate: s.politenessMs > 0 ? new MemoryHostGate() : undefined,
    politenessMs: s.politenessMs,
  });
  try {
    const discovery = await discoverSite(
      start.toString(),
      async (pageUrl) => {
        const r = await fetcher.fetch({ url: pageUrl, siteId: 'discovery', allowedHosts: hosts });
        opts.progress?.(`${r.status === 'ok' ? r.httpStatus : r.status} ${pageUrl}`);
        if (r.status !== 'ok') return null;
        return { url: r.url, text: decodeText(r.bytes, r.contentType ?? undefined) };
      },
      { budget: opts.budget, hosts },
    );
    if (discovery.entries.length === 0) return { discovery, row: null };
    const taken = new Set(sites().map((x) => x.id));
    const entryHosts = discovery.entries.map((e) => new URL(e.url).host.toLowerCase());
    const row = checkSite({
      id: opts.id ?? siteIdFor(host, taken),
      name: opts.name ?? discovery.siteName ?? host,
      hosts: [...new Set([host, ...entryHosts])],
      entries: discovery.entries.map(({ family, url: entryUrl }) => ({ family, url: entryUrl })),
      source: `gongkai sites add ${start} on ${new Date().toISOString().slice(0, 10)} (${discovery.fingerprint.family}: ${discovery.fingerprint.evidence.join('; ')})`,
    });
    return { discovery, row };
  } finally {
    await fetcher.close();
  }
}

function printDiscovery(d: Discovery): void {
  console.log(`family: ${d.fingerprint.family} (${d.fingerprint.evidence.join('; ')})`);
  if (d.entries.length > 0) {
    console.log(
      formatTable(
        ['family', 'entry', 'reports (first pages)', 'years'],
        d.entries.map((e) => [e.family, e.url, String(e.reports), e.years.join(' ')]),
      ),
    );
  }
  console.log(`requests: ${d.requests}`);
}

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--budget must be a whole number ≥ 1, got "${v}"`);
  return n;
};

export function registerSiteCommands(program: Command): void {
  const group = program
    .command('sites')
    .description('the site registry: list it, check it, add a portal (sites add URL)')
    .option('--sites <file>', 'your registry file (default $GONGKAI_HOME/sites.yaml, or GONGKAI_SITES)')
    .option('--json', 'machine-readable output')
    .hook('preAction', async (cmd) => {
      const file = cmd.opts<{ sites?: string }>().sites;
      if (file) (await registry()).useRegistryFile(file);
    })
    .action(async (o: { json?: boolean }) => {
      const all = (await registry()).sites();
      if (o.json) return void console.log(JSON.stringify(all, null, 2));
      console.log(
        formatTable(
          ['id', 'name', 'platform', 'entry URLs'],
          all.map((s) => [
            s.id,
            s.name,
            [...new Set(s.entries.map((e) => e.family))].join('+'),
            s.entries.map((e) => e.url).join(' '),
          ]),
        ),
      );
    });

  group
    .command('add <url>')
    .description(
      "find a portal's annual-report columns from its home page (or 政务公开 page, or a column) and add its row",
    )
    .option('--dry-run', 'print the row, write nothing')
    .option('--id <id>', 'the site id (default from the host name)')
    .option('--name <name>', "the government's name (default from the home page's title)")
    .option('--budget <n>', 'requests at the most', positive, 60)
    .action(async (url: string, o: { dryRun?: boolean; id?: string; name?: string; budget: number }) => {
      const { sites, registryFileForWrites } = await registry();
      sites(); // a broken registry is reported before any request is made
      const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`  ${line}\n`) : undefined;
      const { discovery, row } = await discoverSiteRow(url, { ...o, progress });
      printDiscovery(discovery);
      if (!row) {
        throw new Error(
          `no annual-report column found from ${url} in ${discovery.requests} requests (looked at: ${discovery.looked.slice(0, 12).join(' ')}${discovery.looked.length > 12 ? ' …' : ''})`,
        );
      }
      const [{ stringify }, { writeSiteRow }] = await Promise.all([
        import('yaml'),
        import('../../config/site-registry.js'),
      ]);
      const yaml = stringify({ sites: [row] }, { lineWidth: 0 });
      if (o.dryRun) return void console.log(yaml.trimEnd());
      const file = registryFileForWrites();
      const { replaced } = writeSiteRow(file, row);
      console.log(
        `${replaced ? 'replaced' : 'added'} site ${row.id} in ${file}; crawl it with: gongkai crawl --site ${row.id} --wait`,
      );
    });
}
