// Character-level normalization: traditional → simplified (opencc-js, Taiwan phrases), full-width → ASCII, label keys.
import { Converter } from 'opencc-js';

/** Common characters that only occur in traditional text: a cheap test before paying for the converter. */
const TRADITIONAL = /[開與為處請機關報務數據總計結門網條們來個這說對於會從過還進發後現實體當應區縣廳辦規範檔資訊號議訴維屬類無審權業構織舉複療產際導]/;

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

/** Full-width ASCII forms (０-９, Ａ, （）, ／, ＋, －, ．, ，) → ASCII; ideographic and no-break spaces → space. */
export function toHalfWidth(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000 || c === 0xa0 || c === 0x2002 || c === 0x2003 || c === 0x200b || c === 0xfeff) {
      out += ' ';
      changed = true;
    } else out += s[i];
  }
  return changed ? out : s;
}

const KEY_DROP = /[\s"'“”‘’「」『』]/g;

/** The form labels are matched in: half-width, no spaces (结 果 维 持 → 结果维持), no quotes. */
export function labelKey(s: string): string {
  return toHalfWidth(s).replace(KEY_DROP, '');
}

/** Collapse runs of whitespace to one space and trim; drop spaces between two CJK characters. */
export function tidyText(s: string): string {
  return toHalfWidth(s)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])/g, '');
}
