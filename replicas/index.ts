// The replica portals: one HTTP server per site on 127.0.0.1, port 0. Crawlers are pointed at them with a base-URL
// override (real origin → local origin); every URL a page links to is the real one.

import type { Fault } from './faults.js';
import { portalPages } from './home.js';
import type { GoldenReport } from './reports.js';
import { RequestLog } from './request-log.js';
import { SiteServer } from './server.js';
import type { Platform, PublishedReport, SiteSpec } from './site.js';
import { cqnaSite } from './sites/cqna.js';
import { type GeneratedOptions, generatedSites } from './sites/generated.js';
import { gznsSite } from './sites/gzns.js';
import { HANWEB_DEMO_SITE, hanwebSite } from './sites/hanweb.js';
import { hrbngSite } from './sites/hrbng.js';
import { szSite } from './sites/sz.js';
import { sznsSite } from './sites/szns.js';
import { nfdistSite, plaincmsSite, trshtmSite, VARIANT_SITE_IDS } from './sites/variants.js';

export type { Fault } from './faults.js';
export type { GoldenReport } from './reports.js';
export type { LoggedRequest } from './request-log.js';
export { RequestLog } from './request-log.js';
export type { Platform, PublishedReport } from './site.js';

export const TARGET_SITE_IDS = ['szns', 'sz', 'gzns', 'cqna', 'hrbng', 'hanweb'] as const;
/** Rows of sites only the replicas serve (the fictional Hanweb demo): never in the production registry. */
export const REPLICA_ONLY_SITES = [HANWEB_DEMO_SITE];
/** Replicas no registry row was written for (site discovery's tests); started only when named in `only`. */
export { VARIANT_SITE_IDS };

export interface PortalSite {
  id: string;
  name: string;
  platform: Platform;
  /** Real origins this replica answers for (first = canonical). */
  realOrigins: string[];
  /** Real host names (the site's scope). */
  hosts: string[];
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Real URLs to start crawling from. */
  entryUrls: string[];
  /** The reports the site publishes now (after revisions). */
  readonly reports: PublishedReport[];
  robotsTxt: string;
}

export interface StartOptions {
  /** Which of the target replicas to start (default all). */
  only?: string[];
  /** A large generated replica for benchmarks (alone, unless `only` names target sites too). */
  generated?: GeneratedOptions;
  /** Crawl-delay (seconds) announced by cqna's robots.txt; default 0.5. */
  crawlDelaySeconds?: number;
}

export interface Portals {
  sites: PortalSite[];
  site(id: string): PortalSite;
  /** Real origin → local origin, for every site: the fetcher's base-URL overrides. */
  overrides: Record<string, string>;
  requestLog: RequestLog;
  /** Switch faults on a site (null or [] switches them off). */
  setFault(siteId: string, fault: Fault | Fault[] | null): void;
  /**
   * Publish a new revision of a report on a replica (new bytes → new ETag/Last-Modified). `key` defaults to the
   * site's first report; `edit` may change its values (keep the identities if the crawl should accept them).
   * Returns the report as now published.
   */
  reviseReport(siteId: string, key?: string, note?: string, edit?: (golden: GoldenReport) => void): PublishedReport;
  close(): Promise<void>;
}

function specs(opts: StartOptions): SiteSpec[] {
  const all: SiteSpec[] = [
    sznsSite(),
    szSite(),
    gznsSite(),
    cqnaSite(opts.crawlDelaySeconds ?? 0.5),
    hrbngSite(),
    hanwebSite(),
  ];
  const variants = [nfdistSite(), trshtmSite(), plaincmsSite()];
  const chosen = opts.only
    ? [...all, ...variants].filter((s) => opts.only!.includes(s.id))
    : opts.generated && !opts.only
      ? []
      : all;
  return (opts.generated ? [...chosen, ...generatedSites(opts.generated)] : chosen).map(withPortalPages);
}

/** The spec with a home page and 政务公开 hub added to what it builds (unless it has its own). */
function withPortalPages(spec: SiteSpec): SiteSpec {
  return {
    ...spec,
    build: () => {
      const content = spec.build();
      for (const [p, page] of portalPages(spec, content.pages)) content.pages.set(p, page);
      return content;
    },
  };
}

export async function startPortals(opts: StartOptions = {}): Promise<Portals> {
  const requestLog = new RequestLog();
  const startTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 86_400_000);
  const servers = new Map<string, SiteServer>();
  for (const spec of specs(opts)) servers.set(spec.id, new SiteServer(spec, requestLog, startTime));
  await Promise.all([...servers.values()].map((s) => s.listen()));

  const sites: PortalSite[] = [...servers.values()].map((s) => ({
    id: s.spec.id,
    name: s.spec.name,
    platform: s.spec.platform,
    realOrigins: s.spec.realOrigins,
    hosts: [...new Set(s.spec.realOrigins.map((o) => new URL(o).hostname))],
    origin: s.origin,
    entryUrls: s.spec.entryUrls,
    get reports() {
      return s.current().reports;
    },
    robotsTxt: s.spec.robotsTxt,
  }));
  const overrides: Record<string, string> = {};
  for (const site of sites) for (const o of site.realOrigins) overrides[o] = site.origin;

  const server = (id: string) => {
    const s = servers.get(id);
    if (!s) throw new Error(`no replica site "${id}" (have: ${[...servers.keys()].slice(0, 10).join(', ')}…)`);
    return s;
  };

  return {
    sites,
    site(id) {
      const found = sites.find((s) => s.id === id);
      if (!found) server(id); // throws the clear "no replica site" error
      return found!;
    },
    overrides,
    requestLog,
    setFault(siteId, fault) {
      server(siteId).setFaults(fault === null ? [] : Array.isArray(fault) ? fault : [fault]);
    },
    reviseReport(siteId, key, note, edit) {
      const s = server(siteId);
      const doc = key ? s.spec.docs.find((d) => d.key === key) : s.spec.docs[0];
      if (!doc) throw new Error(`site ${siteId} has no report "${key}"`);
      if (edit) {
        doc.golden = structuredClone(doc.golden);
        edit(doc.golden);
      }
      doc.revision += 1;
      doc.revisionNote = note ?? `（${doc.revision}次更正：本页于复刻站点修订，表格数字不变。）`;
      s.rebuild();
      return s.current().reports.find((r) => r.key === doc.key)!;
    },
    async close() {
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
}
