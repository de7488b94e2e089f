// What a spider is: pure functions from responses to more requests and report links (Scrapy-like, no I/O).
import type { FamilyId, SiteEntry } from '../config/site-schema.js';

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

// A site and its entries are rows of the site registry (config/sites.yaml): their type is the registry's schema.
export type { FamilyId, SiteConfig, SiteEntry } from '../config/site-schema.js';

export type Handler = (req: CrawlRequest, res: CrawlResponse) => SpiderOutput[];

export interface Family {
  id: FamilyId;
  /** The first request(s) of an entry. */
  start(entry: SiteEntry): CrawlRequest[];
  handlers: Record<string, Handler>;
}
