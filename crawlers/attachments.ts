// Attachments of a report page: links (or script strings) to PDF/DOC(X)/WPS files, e.g. NFCMS div.tyxxy_fj /
// div.fjdown (sometimes written by a <script>), TRS <a appendix="true" href="./P0….pdf"> or var file_appendix='…'.
// TRS's OLDSRC="/protect/…" is the CMS's internal copy, not a public URL.
import { absolute } from './links.js';
import type { AttachmentLink } from './types.js';

const FILE = /\.(pdf|docx?|wps)$/i;
const HREF =
  /\b(?:href|src)\s*=\s*["']?([^"'\s<>]+)|(?<!oldsrc\s*=\s*)["']((?:https?:\/\/|\.{0,2}\/)[^"'\s<>]+\.(?:pdf|docx?|wps))["']/gi;

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
