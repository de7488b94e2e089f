// Helpers the site templates share: attachments, report pages and listing bookkeeping.
import fs from 'node:fs';
import type { ReportDoc } from '../reports.js';
import type { Page, PublishedReport } from '../site.js';

const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
};

export function filePage(file: string): Page {
  const ext = file.split('.').pop()!.toLowerCase();
  return { contentType: MIME[ext] ?? 'application/octet-stream', body: fs.readFileSync(file) };
}

export function extOf(name: string): string {
  return name.split('.').pop()!.toLowerCase();
}

export function published(
  doc: ReportDoc,
  url: string,
  attachmentUrls: string[],
  inPage = true,
  disallowed = false,
): PublishedReport {
  return {
    key: doc.key,
    url,
    title: doc.title,
    agency: doc.agency,
    year: doc.year,
    publishedDate: doc.publishedDate,
    synthetic: doc.synthetic,
    golden: doc.golden,
    attachmentUrls,
    inPage,
    revision: doc.revision,
    ...(disallowed ? { disallowed: true } : {}),
  };
}

/** The publication date of a year's report: early in the following year, stable per agency. */
export function publishDate(year: number, salt: number): string {
  const day = 10 + (salt % 18);
  const month = 1 + (salt % 2);
  return `${year + 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const ROBOTS = (extra: string[] = []) =>
  [
    'User-agent: *',
    'Disallow: /preview/',
    'Disallow: /search/',
    ...extra,
    '',
    'User-agent: BadBot',
    'Disallow: /',
    '',
  ].join('\n');
