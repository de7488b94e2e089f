// The site registry: every site the crawler knows. A target site with its own quirks has a small file in
// crawlers/sites/; a site on a known platform needs only an entry here (see README "Adding a site").
import { cqna } from '../crawlers/sites/cqna.js';
import { gzns } from '../crawlers/sites/gzns.js';
import { hanwebDemo } from '../crawlers/sites/hanweb-demo.js';
import { hrbng } from '../crawlers/sites/hrbng.js';
import { pingtan } from '../crawlers/sites/pingtan.js';
import { sz } from '../crawlers/sites/sz.js';
import { szns } from '../crawlers/sites/szns.js';
import type { SiteConfig } from '../crawlers/types.js';

/** Sites on a known platform, added by configuration alone. */
const CONFIGURED: SiteConfig[] = [
  // Example (from PORTALS.md §1, 坪山 on the Guangdong NFCMS platform):
  // { id: 'szpsq', name: '深圳市坪山区人民政府', region: '深圳市坪山区', hosts: ['www.szpsq.gov.cn'],
  //   entries: [{ family: 'nfcms', url: 'http://www.szpsq.gov.cn/zwgk/zfxxgknb/qgbmxxgknb/' }] },
];

export const SITES: SiteConfig[] = [szns, sz, gzns, cqna, hrbng, hanwebDemo, pingtan, ...CONFIGURED];

export function getSite(id: string): SiteConfig {
  const site = SITES.find((s) => s.id === id);
  if (!site) throw new Error(`unknown site "${id}" (known: ${SITES.map((s) => s.id).join(', ')})`);
  return site;
}

/** All hosts a site's requests may go to: its own and its attachment hosts. */
export function hostsOf(site: SiteConfig): string[] {
  return [...site.hosts, ...(site.attachmentHosts ?? [])];
}
