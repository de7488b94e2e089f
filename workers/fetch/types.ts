// The fetcher's contract: what crawlers and workers ask for and what they get back.

export interface FetchRequest {
  /** The real URL (stored as provenance). A base-URL override may send the request elsewhere. */
  url: string;
  siteId: string;
  /** Conditional GET validators from the last fetch of this URL. */
  validators?: { etag?: string | null; lastModified?: string | null };
}

export type FetchResult =
  | {
      status: 'ok';
      url: string;            // final real URL after redirects
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
  | { status: 'error'; url: string; retryable: boolean; retryAfterMs?: number; httpStatus?: number; reason: string };

export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchResult>;
}
