// Crawler families on markup shaped as PORTALS.md describes it: report links told by title, pagination schemes.
import { describe, expect, it } from 'vitest';
import { sites } from '../../config/registry.js';
import { findAttachments } from '../../crawlers/attachments.js';
import { spiderFor } from '../../crawlers/spider.js';
import { isReportTitle, yearOfTitle } from '../../crawlers/title.js';
import type { SiteConfig, SpiderOutput } from '../../crawlers/types.js';
import { REPLICA_ONLY_SITES } from '../../replicas/index.js';

const reports = (out: SpiderOutput[]) => out.flatMap((o) => (o.type === 'report' ? [o.report] : []));
const requests = (out: SpiderOutput[]) => out.flatMap((o) => (o.type === 'request' ? [o.request] : []));

function site(
  family: SiteConfig['entries'][number]['family'],
  url: string,
  extra: Partial<SiteConfig['entries'][number]> = {},
): SiteConfig {
  return { id: 't', name: 't', hosts: [new URL(url).host], entries: [{ family, url, ...extra }] };
}

describe('titles', () => {
  it('tells reports from unrelated articles', () => {
    expect(isReportTitle('南山区南山街道办事处2023年政府信息公开工作年度报告')).toBe(true);
    expect(isReportTitle('深圳市人民政府2020年政府信息公开工作年度报告')).toBe(true);
    expect(isReportTitle('关于2023年春节放假的通知')).toBe(false);
    expect(isReportTitle('政府信息公开指南')).toBe(false);
    expect(yearOfTitle('重庆市南岸区2015年政府信息公开工作年度报告')).toBe(2015);
  });
});

describe('NFCMS column (sz.gov.cn zx_ml_list, createPageHTML)', () => {
  const html = `<div class="zx_ml_list"><ul>
    <li><span class="number">1</span><span class="tit"><a href="./content/post_8595151.html" title="深圳市人民政府2020年政府信息公开工作年度报告">深圳市人民政府2020年…</a></span><span>2021-03-10</span></li>
    <li><span class="number">2</span><span class="tit"><a href="./content/post_8595152.html" title="关于开展2021年安全生产检查的通知">关于…</a></span><span>2021年03月09日</span></li>
    </ul></div><script>createPageHTML(3, 0, "index", "html");</script>`;
  const spider = spiderFor(site('nfcms', 'http://www.sz.gov.cn/cn/xxgk/ndxxgkbg/index.html'));
  const [start] = spider.start();
  const out = spider.parse(start, { url: start.url, text: html });
  it('keeps report titles only, with dates', () => {
    expect(reports(out)).toEqual([
      expect.objectContaining({
        url: 'http://www.sz.gov.cn/cn/xxgk/ndxxgkbg/content/post_8595151.html',
        year: 2020,
        date: '2021-03-10',
      }),
    ]);
  });
  it('pages index_2.html … index_N.html (no index_1), one page after another', () => {
    const [p2] = requests(out);
    expect(requests(out).map((r) => r.url)).toEqual(['http://www.sz.gov.cn/cn/xxgk/ndxxgkbg/index_2.html']);
    const [p3] = requests(spider.parse(p2, { url: p2.url, text: html.replace('8595151', '8595000') }));
    expect(p3.url).toBe('http://www.sz.gov.cn/cn/xxgk/ndxxgkbg/index_3.html');
    expect(requests(spider.parse(p3, { url: p3.url, text: html.replace('8595151', '8594000') }))).toEqual([]);
  });
});

describe('NFCMS gz.gov.cn (ul.news_list, totalPage = Math.ceil) with a shared listing filtered by title', () => {
  const html = `<ul class="news_list">
    <li><a href="https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/content/post_10120469.html" title="广州市南沙区人民政府2024年政府信息公开工作年度报告"><!-- x -->广州市南沙区…</a><span class="time">2025-02-14</span></li>
    <li><a href="https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/content/post_10120470.html" title="广州市番禺区人民政府2024年政府信息公开工作年度报告">番禺</a><span class="time">2025-02-14</span></li>
    <li><a href="/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/2020n/">2020年</a></li>
  </ul><script>var totalPage = Math.ceil(45/20); var pages_limit=100</script>`;
  const spider = spiderFor(
    site('nfcms', 'https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/', { titleMustInclude: ['南沙'] }),
  );
  const [start] = spider.start();
  const out = spider.parse(start, { url: start.url, text: html });
  it('keeps only the site’s own reports and carries the filter on', () => {
    expect(reports(out).map((r) => r.url)).toEqual([
      'https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/content/post_10120469.html',
    ]);
    const reqs = requests(out);
    expect(reqs.map((r) => r.url)).toEqual([
      'https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/index_2.html',
      'https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/2020n/',
    ]);
    expect(reqs.every((r) => r.meta?.must === '南沙')).toBe(true);
  });
});

describe('TRS column (Chongqing createPage, ./YYYYMM/tYYYYMMDD_ID.html)', () => {
  const html = `<ul class="tab-item"><li class="clearfix"><a href="./202501/t20250123_14202223.html">重庆市南岸区人民政府办公室2024年政府信息公开工作年度报告</a><span>2025-01-23</span></li>
    <li class="clearfix"><a href="./202501/t20250120_14202000.html">南岸区召开安全生产工作会议</a><span>2025-01-20</span></li></ul>
    <a href="../naq/">南岸区</a><a href="/zwgk_254/zfxxgkml/ldxx/">领导信息</a>
    <script>createPage(3, 0, "index", "html");</script>`;
  const spider = spiderFor(
    site('trs', 'http://cqna.gov.cn/zwgk_254/zfxxgknb/qzfbgs/', { scope: 'http://cqna.gov.cn/zwgk_254/zfxxgknb/' }),
  );
  const [start] = spider.start();
  const out = spider.parse(start, { url: start.url, text: html });
  it('reads the article and pages from index_1 (TRS counts from 0); follows in-scope sub-columns only', () => {
    expect(reports(out).map((r) => r.url)).toEqual([
      'http://cqna.gov.cn/zwgk_254/zfxxgknb/qzfbgs/202501/t20250123_14202223.html',
    ]);
    expect(requests(out).map((r) => r.url)).toEqual([
      'http://cqna.gov.cn/zwgk_254/zfxxgknb/qzfbgs/index_1.html',
      'http://cqna.gov.cn/zwgk_254/zfxxgknb/naq/',
    ]);
  });
});

describe('gkmlpt catalogue', () => {
  const spider = spiderFor(site('gkmlpt', 'http://www.sz.gov.cn/gkmlpt/index'));
  const [start] = spider.start();
  it('finds the 年报 category in window._CONFIG and pages the JSON API from 1', () => {
    const index = `<script>window._CONFIG = {SID:'755001', TREE:[{id:1001,name:'通知公告',children:[]},{id:1002,name:'政府信息公开年报',children:[]}]};</script>`;
    const out = spider.parse(start, { url: start.url, text: index });
    const [api] = requests(out);
    expect(requests(out)).toHaveLength(1);
    expect(api.url).toBe('http://www.sz.gov.cn/gkmlpt/api/all/1002?page=1&sid=755001');
    const json = JSON.stringify({
      classify: { post_count: 150 },
      articles: [
        {
          title: '深圳市人民政府办公厅2023年政府信息公开工作年度报告',
          url: 'http://www.sz.gov.cn/gkmlpt/content/11/11111/post_11111111.html',
          display_publish_time: 1706000000,
          attachment: [{ name: 'a.docx', url: 'https://www.sz.gov.cn/attachment/1/1658/1658591/12541123.docx' }],
        },
        { title: '关于印发某办法的通知', url: 'http://www.sz.gov.cn/gkmlpt/content/11/11111/post_11111112.html' },
      ],
    });
    const out2 = spider.parse(api, { url: api.url, text: json });
    expect(reports(out2)).toEqual([
      expect.objectContaining({
        year: 2023,
        attachments: [{ url: 'https://www.sz.gov.cn/attachment/1/1658/1658591/12541123.docx', name: 'a.docx' }],
      }),
    ]);
    expect(requests(out2).map((r) => r.url)).toEqual(['http://www.sz.gov.cn/gkmlpt/api/all/1002?page=2&sid=755001']);
  });
});

describe('UCAP (Harbin /common/search JSON)', () => {
  const spider = spiderFor(site('ucap', 'http://hrbng.gov.cn/hebngq/c111136n/navlist.shtml'));
  const [start] = spider.start();
  it('takes the channel id from the navlist page and pages data.results', () => {
    const nav = `<div id="list" data-url="/common/search/5b80c5ff2bb349d6948d17015fa43ddf"></div>`;
    const [search] = requests(spider.parse(start, { url: start.url, text: nav }));
    expect(search.url).toContain('http://hrbng.gov.cn/common/search/5b80c5ff2bb349d6948d17015fa43ddf?');
    const results = Array.from({ length: 60 }, (_, i) => ({
      title: i === 0 ? '南岗区企业和投资服务局2023年政府信息公开工作年度报告' : `工作动态${i}`,
      url: `/hebngq/c111136n/202401/c01_${965226 + i}.shtml`,
      publishedTimeStr: '2024-01-16 10:00:00',
    }));
    const out = spider.parse(search, { url: search.url, text: JSON.stringify({ data: { results } }) });
    expect(reports(out)).toEqual([
      expect.objectContaining({
        url: 'http://hrbng.gov.cn/hebngq/c111136n/202401/c01_965226.shtml',
        date: '2024-01-16',
      }),
    ]);
    expect(requests(out)[0].url).toMatch(/page=2$/);
    const last = spider.parse(requests(out)[0], {
      url: requests(out)[0].url,
      text: JSON.stringify({ data: { results: results.slice(0, 3) } }),
    });
    expect(requests(last)).toEqual([]);
  });
});

describe('Hanweb (rendered column)', () => {
  it('reads /art/ links of the rendered list and records of a datastore', () => {
    const spider = spiderFor(site('hanweb', 'http://www.hanweb-demo.gov.cn/col/col1/index.html'));
    const [start] = spider.start();
    expect(start.kind).toBe('rendered');
    const html = `<div id="list"><li><a href="/art/2024/1/20/art_1_101.html" title="某示例局2023年政府信息公开工作年度报告">x</a><span>2024-01-20</span></li></div>
      <datastore><recordset><record><![CDATA[<li><a href="/art/2023/1/20/art_1_90.html" title="某示例局2022年政府信息公开工作年度报告">y</a><span>2023-01-20</span></li>]]></record></recordset></datastore>`;
    expect(reports(spider.parse(start, { url: start.url, text: html })).map((r) => r.year)).toEqual([2023, 2022]);
  });
});

describe('attachments', () => {
  it('finds PDF/DOC links in anchors and scripts', () => {
    const html = `<p class="insertfileTag"><a appendix="true" href="./P020260615382295081505.pdf" OLDSRC="/protect/P0202606/P020260615382295081505.pdf">附件</a></p>
      <script>var file_appendix='<a href="./P020260615382295081506.docx">b</a>'; document.write('<a href="/attachment/1/2/3.doc">c</a>')</script>`;
    expect(
      findAttachments(html, 'http://cqna.gov.cn/zwgk_254/zfxxgknb/naq/202401/t20240120_1.html').map((a) => a.url),
    ).toEqual([
      'http://cqna.gov.cn/zwgk_254/zfxxgknb/naq/202401/P020260615382295081505.pdf',
      'http://cqna.gov.cn/zwgk_254/zfxxgknb/naq/202401/P020260615382295081506.docx',
      'http://cqna.gov.cn/attachment/1/2/3.doc',
    ]);
  });
});

describe('registry', () => {
  it('has the five target sites and the Hanweb demo, with unique ids', () => {
    const ids = [...sites(), ...REPLICA_ONLY_SITES].map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['szns', 'sz', 'gzns', 'cqna', 'hrbng', 'hanweb']) expect(ids).toContain(id);
    for (const s of [...sites(), ...REPLICA_ONLY_SITES])
      for (const r of spiderFor(s).start()) expect(s.hosts).toContain(new URL(r.url).host);
  });
});
