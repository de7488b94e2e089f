// Where parts 二, 三 and 四 begin and end, by their headings or, failing that, by their tables' own words.
import type { Line } from './lines.js';

export interface Range {
  start: number;
  end: number;
  /** Found by its heading (else by an anchor word of its table). */
  byHeading: boolean;
}

export interface Sections {
  active: Range | null;
  requests: Range | null;
  review: Range | null;
}

const NUM = '(?:#+)?(?:第)?';
const HEAD_ACTIVE = new RegExp(`^${NUM}[二2][、.,:]?.{0,6}主动公开`);
const HEAD_REQUESTS = new RegExp(`^${NUM}[三3][、.,:]?.{0,12}(?:收到|处理|办理|依申请).{0,12}申请`);
const HEAD_REVIEW = new RegExp(`^${NUM}[四4][、.,:]?.{0,12}(?:行政复议|行政诉讼)`);
const HEAD_AFTER = new RegExp(`^${NUM}(?:[五5][、.,:]?.{0,6}(?:存在|问题|改进)|[六6][、.,:]?.{0,6}其他.{0,4}事项)`);

const ANCHOR_ACTIVE = /^第二十条|^第二十条第|本年制发件数|本年新制作数量/;
const ANCHOR_REQUESTS = /勾稽关系|^一、?本年新收/;
const ANCHOR_REVIEW = /^行政复议$/;

function findLine(lines: Line[], re: RegExp, from = 0, maxLen = 60): number {
  for (let i = from; i < lines.length; i++) {
    for (const t of lines[i]!.toks) if (t.value === null && t.key.length <= maxLen && re.test(t.key)) return i;
  }
  return -1;
}

export function findSections(lines: Line[]): Sections {
  let a = findLine(lines, HEAD_ACTIVE);
  const aHead = a >= 0;
  if (a < 0) a = findLine(lines, ANCHOR_ACTIVE);
  let r = findLine(lines, HEAD_REQUESTS, Math.max(a, 0));
  const rHead = r >= 0;
  if (r < 0) r = findLine(lines, ANCHOR_REQUESTS, Math.max(a, 0), 200);
  let v = findLine(lines, HEAD_REVIEW, Math.max(r, a, 0));
  const vHead = v >= 0;
  if (v < 0) v = findLine(lines, ANCHOR_REVIEW, Math.max(r, a, 0));
  const after = findLine(lines, HEAD_AFTER, Math.max(v, r, a, 0));
  const end = after >= 0 ? after : lines.length;
  const starts = [a, r, v].filter((x) => x >= 0);
  const nextStart = (s: number) => Math.min(end, ...starts.filter((x) => x > s));
  return {
    active: a >= 0 ? { start: a, end: nextStart(a), byHeading: aHead } : null,
    requests: r >= 0 ? { start: r, end: nextStart(r), byHeading: rHead } : null,
    review: v >= 0 ? { start: v, end, byHeading: vHead } : null,
  };
}
