// The fetcher's contract: what crawlers and workers ask for and what they get back.

export interface FetchRequest {
  /** The real URL (stored as provenance). A base-URL override may send the request elsewhere. */
  url: string;
  siteId: string;
  /** Conditional GET validators from the last fetch of this URL. */
  validators?: { etag?: string | null; lastModified?: string | null };
  /**
   * Hosts this request may reach (the site's own hosts and its attachment hosts; "*.example.gov.cn" matches
   * subdomains). Overrides the fetcher's `scopeOf(siteId)`. Checked on the first URL and after every redirect.
   */
  allowedHosts?: string[];
  /**
   * When the host's politeness slot is taken: 'wait' sleeps in-process until it opens (default); 'defer' returns
   * at once with `{ status: 'error', deferred: true, retryable: true, retryAfterMs }` so a BullMQ worker can
   * `moveToDelayed` without spending an attempt.
   */
  politeness?: 'wait' | 'defer';
  /** Default GET. POST is for listing endpoints such as Hanweb's dataproxy.jsp. */
  method?: 'GET' | 'POST';
  body?: string;
  /** Extra request headers (e.g. Content-Type of a POST body). */
  headers?: Record<string, string>;
}

export type FetchResult =
  | {
      status: 'ok';
      url: string; // final real URL after redirects
      httpStatus: number;
      contentType: string | null;
      bytes: Uint8Array;
      etag: string | null;
      lastModified: string | null;
      sha256: string;
    }
  | { status: 'not_modified'; url: string }
  /** robots.txt disallows it, or it is outside the site's hosts, or it resolves to a forbidden address. */
  | { status: 'blocked'; url: string; reason: string }
  /** retryable: network errors, timeouts, 429, 5xx. retryAfterMs from Retry-After when given. */
  | {
      status: 'error';
      url: string;
      retryable: boolean;
      retryAfterMs?: number;
      httpStatus?: number;
      reason: string;
      /** Nothing was sent: the host's politeness slot was taken (politeness 'defer'); retry after retryAfterMs. */
      deferred?: true;
    };

export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchResult>;
}
