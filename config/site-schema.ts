// What a row of the site registry may say (config/sites.yaml, a user's $GONGKAI_HOME/sites.yaml or --sites FILE).
// The crawler's SiteConfig type is this schema's output, so a row that validates is a site the crawler can run.
import { z } from 'zod';

/** Platform families with a spider (crawlers/families/); `generic` is for a site of no known family. */
export const FAMILY_IDS = ['nfcms', 'gkmlpt', 'trs', 'ucap', 'hanweb', 'generic'] as const;
export type FamilyId = (typeof FAMILY_IDS)[number];

const httpUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  },
  { message: 'must be an http:// or https:// URL' },
);

const host = z
  .string()
  .regex(/^[a-z0-9.-]+(?::\d+)?$/i, { message: 'must be a host name such as www.example.gov.cn (no scheme, no path)' });

export const siteEntrySchema = z.strictObject({
  /** Which family's spider walks this entry. */
  family: z.enum(FAMILY_IDS, { message: `must be one of ${FAMILY_IDS.join(', ')}` }),
  /** The real entry URL: a column page, a gkmlpt index, a UCAP navlist page, a Hanweb column. */
  url: httpUrl,
  /** Listing pages and sub-columns are followed only under this URL prefix (default: the entry's directory). */
  scope: httpUrl.optional(),
  /** Keep only reports whose title contains one of these (a shared listing, e.g. a city's 各区 column). */
  titleMustInclude: z.array(z.string().min(1)).min(1).optional(),
  /** Listing pages walked at most per pager (default: crawlers/paging.ts). */
  maxPages: z.number().int().positive().optional(),
});

export const siteSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'must be lower-case letters, digits, - or _' }),
    /** Human name of the government the site belongs to. */
    name: z.string().min(1),
    /** Region name given to the parser as a hint (e.g. 深圳市南山区). */
    region: z.string().min(1).optional(),
    /** Every host the site serves pages from. */
    hosts: z.array(host).min(1),
    /** Extra hosts attachments may come from. */
    attachmentHosts: z.array(host).optional(),
    /** Listing entries; the first one's first page is the change sentinel of a nightly crawl. */
    entries: z.array(siteEntrySchema).min(1),
    /** Where the entries come from (evidence, or `gongkai sites add` and its date). */
    source: z.string().optional(),
  })
  .superRefine((site, ctx) => {
    const hosts = new Set([...site.hosts, ...(site.attachmentHosts ?? [])].map((h) => h.toLowerCase()));
    site.entries.forEach((e, i) => {
      const h = new URL(e.url).host.toLowerCase();
      if (!hosts.has(h)) {
        ctx.addIssue({
          code: 'custom',
          path: ['entries', i, 'url'],
          message: `host ${h} is not among the site's hosts`,
        });
      }
    });
  });

export const registrySchema = z.strictObject({ sites: z.array(siteSchema) });

export type SiteEntry = z.infer<typeof siteEntrySchema>;
export type SiteConfig = z.infer<typeof siteSchema>;
