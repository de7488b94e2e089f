// What a spider is: pure functions from responses to more requests and report links (Scrapy-like, no I/O).

/** How a request must be fetched: plain GET of HTML/JSON, a page rendered by a browser (JS-only listings), or a
 *  document (a report's attachment: PDF, Word, WPS) fetched, stored and read as a report. */
export type RequestKind = 'page' | 'json' | 'rendered' | 'document';

export interface CrawlRequest {
  /** The real URL (never a replica's). */
  url: string;
  kind: RequestKind;
  /** Name of the family callback that parses the response (Scrapy's `callback`). */
  handler: string;
  /** Small state carried to the callback: page number, column prefix, site id in the CMS …; for 'rendered',
   *  `next` is the CSS selector of a script-driven "next page" control the renderer clicks through. */
  meta?: Record<string, string | number>;
}

export interface CrawlResponse {
  /** The real URL that was fetched (after redirects). */
  url: string;
  /** The body decoded to text (HTML, JSON text, or the DOM serialized after rendering). */
  text: string;
}

export interface AttachmentLink {
  url: string;
  name?: string;
}

/** A page that holds (or links to) an annual report. */
export interface ReportLink {
  url: string;
  title: string;
  /** YYYY-MM-DD when the listing gives it. */
  date?: string | null;
  /** The report year read from the title. */
  year?: number | null;
  /** Attachments already known from the listing (gkmlpt gives them); the report page may add more. */
  attachments?: AttachmentLink[];
}

export type SpiderOutput = { type: 'request'; request: CrawlRequest } | { type: 'report'; report: ReportLink };

export type FamilyId = 'nfcms' | 'gkmlpt' | 'trs' | 'ucap' | 'hanweb';

/** One place a site lists its reports, crawled with one platform family's scheme. */
export interface SiteEntry {
  family: FamilyId;
  /** The real entry URL: a column page, a gkmlpt index, a UCAP navlist page or channel search, a Hanweb column. */
  url: string;
  /** Listing pages and sub-columns are followed only under this URL prefix (default: the entry's directory). */
  scope?: string;
  /** Keep only reports whose title contains one of these (a shared listing, e.g. a city's 各区 column). */
  titleMustInclude?: string[];
  /** Listing pages walked at most per pager (default crawlers/paging.ts DEFAULT_MAX_LISTING_PAGES). */
  maxPages?: number;
}

export interface SiteConfig {
  id: string;
  /** Human name of the government the site belongs to. */
  name: string;
  /** Region name given to the parser as a hint (e.g. 深圳市南山区). */
  region?: string;
  /** Every host the site serves pages from (its own hosts). */
  hosts: string[];
  /** Extra hosts attachments may come from. */
  attachmentHosts?: string[];
  /** Listing entries; the first one's first page is the change sentinel of a nightly crawl. */
  entries: SiteEntry[];
  /** Notes on where the entry URLs come from (PORTALS.md). */
  source?: string;
}

export type Handler = (req: CrawlRequest, res: CrawlResponse) => SpiderOutput[];

export interface Family {
  id: FamilyId;
  /** The first request(s) of an entry. */
  start(entry: SiteEntry): CrawlRequest[];
  handlers: Record<string, Handler>;
}
