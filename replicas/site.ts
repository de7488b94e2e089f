// What a replica site is made of: its pages (built from its documents), dynamic endpoints and robots.txt.
import crypto from 'node:crypto';
import type { GoldenReport, ReportDoc } from './reports.js';

export type Platform = 'nfcms' | 'trs' | 'ucap' | 'hanweb' | 'generic';

export interface Page {
  status?: number;
  /** Exactly the Content-Type header sent; null sends none. */
  contentType: string | null;
  body: Buffer;
  headers?: Record<string, string>;
}

/** A report a replica publishes, as the crawler should find it. */
export interface PublishedReport {
  key: string;
  /** The real URL of the page that carries the report (the in-page tables, or links to the attachments). */
  url: string;
  title: string;
  agency: string;
  year: number;
  publishedDate: string;
  synthetic: boolean;
  /** Values a correct parse of the page (or its attachment) gives. */
  golden: GoldenReport;
  /** Real URLs of attachments (PDF/DOCX/DOC) of the same report. */
  attachmentUrls: string[];
  /** False when the report is only in the attachments (no in-page tables). */
  inPage: boolean;
  revision: number;
  /** Served under a robots.txt Disallow path: a polite crawler never fetches it. */
  disallowed?: boolean;
}

export interface SiteContent {
  pages: Map<string, Page>;
  reports: PublishedReport[];
}

export interface DynamicRequest {
  method: string;
  url: URL;
  body: Buffer;
}

export interface SiteSpec {
  id: string;
  name: string;
  platform: Platform;
  /** Real origins (scheme://host) this replica stands for; the first is the canonical one. */
  realOrigins: string[];
  /** Real URLs a crawler starts from. */
  entryUrls: string[];
  robotsTxt: string;
  /** The documents, mutable: a revision edits one and rebuilds. */
  docs: ReportDoc[];
  build(): SiteContent;
  dynamic?(req: DynamicRequest, content: SiteContent): Page | null;
}

export function html(body: string, charset: string | null = 'utf-8'): Page {
  return { contentType: charset ? `text/html; charset=${charset}` : 'text/html', body: Buffer.from(body, 'utf8') };
}

export function json(value: unknown): Page {
  return { contentType: 'application/json;charset=UTF-8', body: Buffer.from(JSON.stringify(value), 'utf8') };
}

export function etagOf(body: Buffer): string {
  return `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
}

/** Unrelated articles every listing mixes in. */
const FILLER = [
  '关于开展2024年度安全生产大检查的通知',
  '区政府召开常务会议研究部署重点工作',
  '关于公布行政执法人员名单的公告',
  '街道开展防汛应急演练工作动态',
  '关于征求城市更新单元规划意见的通告',
  '政务服务中心延时服务公告',
  '区领导调研重点项目建设情况',
  '关于调整部分公交线路的通知',
  '2023年度部门决算公开',
  '关于印发营商环境改革方案的通知',
  '区人大代表视察民生实事工作',
  '关于开展消防安全专项整治的通告',
  '城市管理工作动态',
  '关于做好春节期间市场供应的通知',
  '政府信息公开指南',
  '政府信息公开制度',
  '区政府领导分工调整的通知',
  '关于公布2024年民生实事项目的公告',
];

export interface ListItem {
  title: string;
  /** Real absolute URL. */
  url: string;
  date: string;
}

/** `n` unrelated articles with stable ids and dates, for listings. */
export function fillerItems(n: number, makeUrl: (i: number, date: string) => string, seed = 0): ListItem[] {
  const out: ListItem[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(2025, 11, 28) - (i * 17 + seed * 3) * 86400000);
    const date = d.toISOString().slice(0, 10);
    out.push({ title: FILLER[(i + seed) % FILLER.length], url: makeUrl(i, date), date });
  }
  return out;
}

/** Newest first, as portals list them. */
export function byDateDesc<T extends { date: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

export function chunk<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length ? pages : [[]];
}

/** A simple page for an unrelated article. */
export function fillerArticle(title: string, date: string, bodyClass: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<!-- replica filler: an unrelated article of the column, so listings mix reports with other posts as every stored listing does -->
<h1>${title}</h1><div class="${bodyClass}"><p>${date}　本文为复刻站点的示例内容，与年度报告无关。</p></div></body></html>`;
}

export function pathOf(realUrl: string): string {
  const u = new URL(realUrl);
  return u.pathname + u.search;
}

/** Stable numeric id from a string, in [min, min+span). */
export function idFrom(s: string, min: number, span = 1_000_000): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return min + ((h >>> 0) % span);
}
