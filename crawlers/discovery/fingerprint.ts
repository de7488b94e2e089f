// Which CMS family a portal runs, from its pages' markup and URLs: each family leaves marks (article URL shapes,
// pager scripts, template class names) that the others do not. Pure: pages in, a verdict with its evidence out.
import type { FamilyId } from '../types.js';

export interface Fingerprint {
  family: FamilyId;
  /** What was seen, for the user ("12 links like /content/post_N.html", "createPageHTML(…)"). */
  evidence: string[];
}

interface Mark {
  family: FamilyId;
  what: string;
  pattern: RegExp;
  /** How much one sighting counts (article URLs are strong, a class name weaker). */
  weight: number;
}

const MARKS: Mark[] = [
  {
    family: 'nfcms',
    what: 'article links like /content/post_N.html',
    pattern: /\/content\/(?:\d+\/\d+\/)?m?post_\d+\.html/g,
    weight: 3,
  },
  { family: 'nfcms', what: 'the createPageHTML(…) pager', pattern: /createPageHTML\(/g, weight: 5 },
  { family: 'gkmlpt', what: 'a gkmlpt catalogue (/gkmlpt/index)', pattern: /\/gkmlpt\/index/g, weight: 4 },
  {
    family: 'trs',
    what: 'article links like YYYYMM/tYYYYMMDD_N.html',
    pattern: /\/\d{6}\/t\d{8}_\d+\.s?html?/g,
    weight: 3,
  },
  { family: 'trs', what: 'the TRS createPage(…) pager', pattern: /createPage\(\s*\d/g, weight: 5 },
  {
    family: 'trs',
    what: 'TRS editor markup (TRS_Editor, trs_editor_view)',
    pattern: /TRS_Editor|trs_editor_view|trs_paper_default/gi,
    weight: 2,
  },
  {
    family: 'ucap',
    what: 'UCAP channel search (/common/search/<32 hex>)',
    pattern: /\/common\/search\/[0-9a-f]{32}/gi,
    weight: 5,
  },
  {
    family: 'ucap',
    what: 'UCAP pages (navlist.shtml, c01_N.shtml, <UCAPTITLE>)',
    pattern: /navlist\.shtml|\/c01_\d+\.shtml|<UCAPTITLE>/gi,
    weight: 3,
  },
  {
    family: 'hanweb',
    what: 'Hanweb columns and articles (/col/colN/, /art/YYYY/…)',
    pattern: /\/col\/col\d+\/|\/art\/\d{4}\/(?:\d{1,2}\/\d{1,2}\/)?art_\d+_\d+\.html/g,
    weight: 3,
  },
  {
    family: 'hanweb',
    what: 'the Hanweb jpage data proxy (dataproxy.jsp, <datastore>)',
    pattern: /dataproxy\.jsp|<datastore>|default_pgPanel/gi,
    weight: 5,
  },
];

/** The family whose marks weigh most over all pages; `generic` when none shows. gkmlpt rides on NFCMS sites. */
export function fingerprint(pages: { url: string; text: string }[]): Fingerprint {
  const score = new Map<FamilyId, number>();
  const seen = new Map<FamilyId, string[]>();
  for (const mark of MARKS) {
    let n = 0;
    const inUrl = new RegExp(mark.pattern.source, mark.pattern.flags.replace('g', ''));
    for (const p of pages) n += (p.text.match(mark.pattern) ?? []).length + (inUrl.test(p.url) ? 1 : 0);
    if (n === 0) continue;
    score.set(mark.family, (score.get(mark.family) ?? 0) + n * mark.weight);
    seen.set(mark.family, [...(seen.get(mark.family) ?? []), `${n} × ${mark.what}`]);
  }
  // A gkmlpt catalogue is an NFCMS site's second listing, not a family of its own for its columns.
  if (score.has('gkmlpt')) score.set('nfcms', (score.get('nfcms') ?? 0) + 1);
  score.delete('gkmlpt');
  const best = [...score.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best) return { family: 'generic', evidence: ['no mark of a known CMS family'] };
  return { family: best[0], evidence: seen.get(best[0]) ?? [] };
}

/** Whether the pages link a gkmlpt catalogue (an NFCMS site's 政府信息公开目录). */
export function gkmlptIndexOf(pages: { url: string; text: string }[]): string | null {
  for (const p of pages) {
    const m = /href=["']([^"']*\/gkmlpt\/index)["']/i.exec(p.text);
    if (m) {
      try {
        return new URL(m[1], p.url).toString();
      } catch {
        // an unparseable href is no evidence
      }
    }
  }
  return null;
}
