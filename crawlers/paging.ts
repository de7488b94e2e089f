// Listing pagers bounded twice: by a setting (an entry's `maxPages`, default DEFAULT_MAX_LISTING_PAGES) and by
// evidence — pages are requested one after another, and the walk stops at the first page that adds no new link
// (no article links at all, or the same ones as the page before: a server that answers every page number with
// page 1). A claimed count such as `createPageHTML(1000000000, …)` therefore costs at most one extra request.

/** Listing pages one entry may walk when its own setting says nothing. */
export const DEFAULT_MAX_LISTING_PAGES = 200;

/** Paging state carried from one listing page to the next in its request's meta. */
export interface PageState {
  /** 1-based number of this page. */
  page: number;
  /** Pages the site claims (already capped), or null when unknown (follow the pager's own links). */
  count: number | null;
  /** The setting's cap. */
  max: number;
  /** Fingerprint of the article links of the page before. */
  prev: string | null;
}

export function pageState(meta: Record<string, string | number> | undefined): PageState {
  const num = (v: string | number | undefined) => (v === undefined || v === '' ? null : Number(v));
  const max = num(meta?.max) ?? DEFAULT_MAX_LISTING_PAGES;
  const count = num(meta?.count);
  return {
    page: num(meta?.page) ?? 1,
    count: count === null ? null : Math.min(count, max),
    max,
    prev: meta?.prev === undefined ? null : String(meta.prev),
  };
}

/** The meta of the next page's request (page + 1) after a page with these article links. */
export function nextPageMeta(state: PageState, links: string[]): Record<string, string | number> {
  return {
    page: state.page + 1,
    max: state.max,
    prev: fingerprint(links),
    ...(state.count === null ? {} : { count: state.count }),
  };
}

/** Whether a next page may be requested after this one: within the count and the cap, and this page brought links
 *  the page before did not show. */
export function mayTurnPage(state: PageState, links: string[]): boolean {
  if (state.page >= state.max) return false;
  if (state.count !== null && state.page >= state.count) return false;
  if (links.length === 0) return false;
  return state.prev === null || fingerprint(links) !== state.prev;
}

/** Claimed page count, capped by the setting (null stays null). */
export function capCount(claimed: number | null, max: number): number | null {
  if (claimed === null || !Number.isFinite(claimed)) return null;
  return Math.max(1, Math.min(Math.floor(claimed), max));
}

/** A short, order-independent digest of a page's links (FNV-1a over the sorted set). */
export function fingerprint(links: string[]): string {
  let h = 0x811c9dc5;
  for (const ch of [...new Set(links)].sort().join('\n')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
