// Title, agency, year and date of a report, from the document itself; hints fill only what it does not say.

import { toSimplified } from '../normalize/chinese.js';
import { agencyKey, cleanTitle } from '../normalize/names.js';
import type { Finding, ParseInput } from '../types.js';
import { citiesOfDistrict, shortCityName } from './gazetteer.js';
import type { Line } from './lines.js';

export interface Meta {
  title: string | null;
  agency: string | null;
  year: number | null;
  publishedDate: string | null;
  findings: Finding[];
}

/** A title is a heading: it ends with the words 年度报告 (or 年报), perhaps with a short note in brackets
 *  (（修订版）, （全文）), and is not a sentence. */
const TITLE_SHAPE = /^[^。，,；;：:]*(?:报告|年报)(?:[)）]|[(（][^()（）]{1,12}[)）])?$/;
const REPORT_TITLE = /(?:政府|政务)信息公开.{0,8}年度?报告|信息公开工作年报/;
const ORGAN_SUFFIX =
  /(人民政府办公厅|人民政府办公室|人民政府|管理委员会|管委会|办公厅|办公室|委员会|政府|局|厅|委|办|中心|院|署|会|所|站|队|处|馆|公司)$/;
/** The organ a bare place name in a title stands for: its government (or an economic zone's committee). */
const ORGAN_AFTER_PLACE = ['人民政府', '管委会', '管理委员会'];

const CN_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
const cnYear = (s: string) =>
  s.replace(/[〇零一二三四五六七八九]{4}(?=年)/g, (m) => [...m].map((c) => CN_DIGITS[c]).join(''));

function findTitle(lines: Line[], given?: string): string | null {
  const clean = (t: string) =>
    t
      .replace(/^#+\s*/, '')
      .replace(/\s+/g, '')
      .trim();
  if (given) {
    const parts = given
      .split(/[_|]| - | – /)
      .map(clean)
      .filter(Boolean);
    const best = parts.find((p) => REPORT_TITLE.test(p)) ?? parts[0];
    if (best && REPORT_TITLE.test(best)) return best;
  }
  const limit = Math.min(lines.length, 80);
  for (let i = 0; i < limit; i++) {
    const text = lines[i]!.toks.map((t) => t.text).join('');
    const t = text.replace(/\s+/g, '');
    if (t.length <= 80 && REPORT_TITLE.test(t) && TITLE_SHAPE.test(t)) return clean(text);
  }
  return given ? clean(given) : null;
}

function yearOf(s: string): number | null {
  const m = /((?:19|20)\d{2})\s*年/.exec(cnYear(s));
  return m ? Number(m[1]) : null;
}

/** The place or organ written before the year in the title: "南山区 2023 年…" → "南山区". */
function agencyFromTitle(title: string): string | null {
  const t = cnYear(title).replace(/\s+/g, '');
  const m = /^(.*?)(?:关于)?(?:(?:19|20)\d{2})年/.exec(t);
  let name = m?.[1] ?? '';
  if (!name) {
    const after = /年度?(.+?)(?:政府|政务)信息公开/.exec(t);
    name = after?.[1] ?? '';
  }
  name = name.replace(/^[《【[]|[》】\]]$/g, '').replace(/的$/, '');
  return name.length >= 2 ? name : null;
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

const DISTRICT_PREFIX = /^(.{1,6}?(?:区|县|旗))/;
const HAS_CITY = /^.{1,8}?(?:省|市|自治区|自治州|地区|盟)/;

function canonicalAgency(
  name: string,
  body: { readonly text: string },
  region: string | undefined,
  findings: Finding[],
): string {
  let agency = name;
  if (!ORGAN_SUFFIX.test(agency)) {
    let best = '';
    let bestCount = 0;
    for (const suffix of ORGAN_AFTER_PLACE) {
      const n = countOf(body.text, agency + suffix);
      if (n > bestCount) {
        best = suffix;
        bestCount = n;
      }
    }
    if (!best) best = /(?:实验区|开发区|高新区|新区|园区|示范区|合作区)$/.test(agency) ? '管委会' : '人民政府';
    agency += best;
  }
  const district = DISTRICT_PREFIX.exec(agency)?.[1];
  if (district && !HAS_CITY.test(agency.slice(0, agency.length - 1)) && district.endsWith('区')) {
    const cities = citiesOfDistrict(district);
    let city: string | undefined;
    if (cities.length === 1) city = cities[0];
    else if (cities.length > 1) {
      const scored = cities
        .map((c) => ({
          c,
          n: countOf(body.text, shortCityName(c)) + (region?.includes(shortCityName(c)) ? 1000 : 0),
        }))
        .sort((a, b) => b.n - a.n);
      if (scored[0]!.n > 0 && scored[0]!.n > (scored[1]?.n ?? 0)) city = scored[0]!.c;
      else {
        findings.push({
          rule: 'meta.agency_ambiguous',
          severity: 'info',
          message: `${district} exists in ${cities.join(', ')} and the text names none of them; the agency is left without its city`,
        });
      }
    }
    if (city && !agency.startsWith(city)) agency = city + agency;
  }
  return agency;
}

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** 一 … 三十一 → 1 … 31 (months and days written in Chinese numerals). */
function cnSmall(m: string): string {
  const d = (c: string | undefined) => (c ? Number(CN_DIGITS[c] ?? NaN) : 0);
  if (!m.includes('十')) return String(d(m));
  const [tens, ones] = m.split('十');
  return String((tens ? d(tens) : 1) * 10 + d(ones || undefined));
}

function dateOf(s: string): string | null {
  const t = cnYear(s)
    .replace(/\s+/g, '')
    .replace(/(?<=\d年)([一二三四五六七八九十]{1,3})(?=月)/, cnSmall)
    .replace(/(?<=月)([一二三四五六七八九十]{1,3})(?=日)/, cnSmall);
  let m = /^((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  if (m) return isoDate(m[1]!, m[2]!, m[3]!);
  m = /^((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/.exec(t);
  return m ? isoDate(m[1]!, m[2]!, m[3]!) : null;
}

export function extractMeta(
  lines: Line[],
  bodyText: string,
  given: { title?: string; publishedDate?: string },
  hints?: ParseInput['hints'],
): Meta {
  const findings: Finding[] = [];
  // Narrative in traditional characters is converted only here, and only when a bare place name needs its organ.
  let simplified: string | undefined;
  const body = {
    get text() {
      return (simplified ??= toSimplified(bodyText));
    },
  };
  const found = findTitle(lines, given.title) ?? hints?.title;
  const title = found ? cleanTitle(found) : null;

  let year = title ? yearOf(title) : null;
  if (year === null) {
    const m =
      /统计期限自((?:19|20)\d{2})年/.exec(body.text) ??
      /((?:19|20)\d{2})年(?:度)?(?:政府|政务)信息公开/.exec(body.text);
    if (m) year = Number(m[1]);
  }
  if (year === null && hints?.year) year = hints.year;
  if (year === null)
    findings.push({
      rule: 'meta.year',
      severity: 'warning',
      message: 'the report year is not given in the title or body',
    });

  let agency: string | null = null;
  const raw = title ? agencyFromTitle(title) : null;
  if (raw) agency = canonicalAgency(raw, body, hints?.region, findings);
  else if (hints?.agency) agency = hints.agency;
  agency = agencyKey(agency);
  if (agency === null)
    findings.push({ rule: 'meta.agency', severity: 'warning', message: 'the agency is not named in the title' });

  let publishedDate = given.publishedDate ? dateOf(given.publishedDate) : null;
  if (!publishedDate) {
    for (let i = lines.length - 1; i >= Math.max(0, lines.length - 40) && !publishedDate; i--) {
      const toks = lines[i]!.toks;
      if (toks.length === 1 && toks[0]!.text.length <= 16) publishedDate = dateOf(toks[0]!.text);
    }
  }
  if (!publishedDate && hints?.publishedDate) publishedDate = dateOf(hints.publishedDate) ?? hints.publishedDate;
  return { title, agency, year, publishedDate, findings };
}
