// Character-level normalization: traditional → simplified (opencc-js, Taiwan phrases), full-width → ASCII, label keys.
import { Converter } from 'opencc-js';
import { stripFormatChars } from './names.js';

/** Common characters that only occur in traditional text: a cheap test before paying for the converter. */
const TRADITIONAL =
  /[開與為處請機關報務數據總計結門網條們來個這說對於會從過還進發後現實體當應區縣廳辦規範檔資訊號議訴維屬類無審權業構織舉複療產際導]/;

let converter: ((s: string) => string) | undefined;

export function hasTraditional(s: string): boolean {
  return TRADITIONAL.test(s);
}

/** Traditional (Taiwan usage: 檔案, 入口網站, 最佳化) → simplified mainland wording. Identity for simplified text. */
export function toSimplified(s: string): string {
  if (!TRADITIONAL.test(s)) return s;
  const convert = (converter ??= Converter({ from: 'twp', to: 'cn' }));
  return convert(s);
}

const WIDE = /[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u200b\ufeff]/g;
const WIDE_TEST = /[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u200b\ufeff]/;
const narrow = (ch: string) => {
  const c = ch.charCodeAt(0);
  return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : ' ';
};

/** Full-width ASCII forms (０-９, Ａ, （）, ／, ＋, －, ．, ，) → ASCII; ideographic and no-break spaces → space. */
export function toHalfWidth(s: string): string {
  return WIDE_TEST.test(s) ? s.replace(WIDE, narrow) : s;
}

const KEY_DROP = /[\s"'“”‘’「」『』]/g;
const KEY_DROP_TEST = /[\s"'“”‘’「」『』]/;

/** The form labels are matched in: half-width, no spaces (结 果 维 持 → 结果维持), no quotes. */
export function labelKey(s: string): string {
  const h = toHalfWidth(s);
  return KEY_DROP_TEST.test(h) ? h.replace(KEY_DROP, '') : h;
}

const CJK_SPACE = /(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])/g;

/** Collapse runs of whitespace to one space and trim; drop spaces between two CJK characters. */
export function tidyText(s: string): string {
  const h = stripFormatChars(toHalfWidth(s));
  if (!/\s/.test(h)) return h;
  const t = h.replace(/\s+/g, ' ').trim();
  return t.includes(' ') ? t.replace(CJK_SPACE, '') : t;
}
