// Attachments of a report page: links (or script strings) to PDF/DOC(X)/WPS files, e.g. NFCMS div.tyxxy_fj /
// div.fjdown (sometimes written by a <script>), TRS <a appendix="true" href="./P0….pdf"> or var file_appendix='…'.
// TRS's OLDSRC="/protect/…" is the CMS's internal copy, not a public URL.
import { absolute } from './links.js';
import type { AttachmentLink, CrawlRequest } from './types.js';

const FILE = /\.(pdf|docx?|wps)$/i;
const HREF =
  /\b(?:href|src)\s*=\s*["']?([^"'\s<>]+)|(?<!oldsrc\s*=\s*)["']((?:https?:\/\/|\.{0,2}\/)[^"'\s<>]+\.(?:pdf|docx?|wps))["']/gi;

/** Which kind of file holds a report best: a Word document's tables are exact, a PDF's are rebuilt from lines. */
const PREFERENCE = ['.docx', '.pdf', '.doc', '.wps'];

export function findAttachments(html: string, pageUrl: string): AttachmentLink[] {
  const seen = new Map<string, AttachmentLink>();
  for (const m of html.matchAll(HREF)) {
    const raw = (m[1] ?? m[2]).replace(/&amp;/g, '&');
    const url = absolute(raw, pageUrl);
    if (!url || !FILE.test(new URL(url).pathname) || seen.has(url)) continue;
    seen.set(url, { url });
  }
  return [...seen.values()];
}

function rank(url: string): number {
  const path = new URL(url).pathname.toLowerCase();
  const i = PREFERENCE.findIndex((ext) => path.endsWith(ext));
  return i < 0 ? PREFERENCE.length : i;
}

/**
 * The attachment requests of a report page, best first (docx > pdf > doc > wps): those the listing named and those
 * the page links to, on the site's hosts only. `pageText` is null when the page is not text (then only the
 * listing's are known).
 */
export function attachmentRequests(
  pageUrl: string,
  pageText: string | null,
  listed: AttachmentLink[],
  hosts: readonly string[],
): CrawlRequest[] {
  const fromPage = pageText === null ? [] : findAttachments(pageText, pageUrl);
  return [...new Set([...listed.map((a) => a.url), ...fromPage.map((a) => a.url)])]
    .filter((u) => hosts.includes(new URL(u).host))
    .sort((a, b) => rank(a) - rank(b))
    .map((url) => ({ url, kind: 'document', handler: 'attachment' }));
}
