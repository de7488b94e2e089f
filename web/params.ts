// Reading query parameters: one string each (a repeated parameter takes its first value unless a list is asked
// for), bounded in length and count; a bad value is a BadRequest (400), never an exception page.
import { BadRequest } from './metrics.js';

export type Query = Record<string, string | string[] | undefined>;

const MAX_TEXT = 200;
const MAX_LIST = 20;

export function textParam(q: Query, name: string): string | undefined {
  const v = q[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  if (!s) return undefined;
  if (s.length > MAX_TEXT) throw new BadRequest(`参数 ${name} 过长（最多 ${MAX_TEXT} 个字符）`);
  return s;
}

export function listParam(q: Query, name: string): string[] {
  const v = q[name];
  const all = (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((s) => s.split(/[\n\r]+/))
    .map((s) => s.trim())
    .filter(Boolean);
  if (all.length > MAX_LIST) throw new BadRequest(`参数 ${name} 最多 ${MAX_LIST} 个`);
  for (const s of all) if (s.length > MAX_TEXT) throw new BadRequest(`参数 ${name} 过长（最多 ${MAX_TEXT} 个字符）`);
  return [...new Set(all)];
}

export function yearParam(q: Query, name: string, required: true): number;
export function yearParam(q: Query, name: string, required?: false): number | undefined;
export function yearParam(q: Query, name: string, required = false): number | undefined {
  const s = textParam(q, name);
  if (s === undefined) {
    if (required) throw new BadRequest(`缺少参数 ${name}（四位年份，如 2023）`);
    return undefined;
  }
  if (!/^\d{4}$/.test(s)) throw new BadRequest(`参数 ${name} 应为四位年份，如 2023`);
  return Number(s);
}

export function requiredText(q: Query, name: string): string {
  const s = textParam(q, name);
  if (s === undefined) throw new BadRequest(`缺少参数 ${name}`);
  return s;
}

export interface Paging {
  page: number;
  perPage: number;
}

/** page (from 1) and per_page (default 50, at most 200 on a page, 10,000 in a download). */
export function pagingParams(q: Query, download: boolean): Paging {
  const max = download ? 10_000 : 200;
  const int = (name: string, dflt: number, hi: number): number => {
    const s = textParam(q, name);
    if (s === undefined) return dflt;
    if (!/^\d{1,6}$/.test(s) || Number(s) < 1) throw new BadRequest(`参数 ${name} 应为正整数`);
    return Math.min(Number(s), hi);
  };
  return { page: int('page', 1, 100_000), perPage: int('per_page', download ? max : 50, max) };
}

export type Format = 'html' | 'csv' | 'json';

export function formatParam(q: Query): Format {
  const f = textParam(q, 'format') ?? 'html';
  if (f !== 'html' && f !== 'csv' && f !== 'json') throw new BadRequest('参数 format 应为 csv 或 json');
  return f;
}
