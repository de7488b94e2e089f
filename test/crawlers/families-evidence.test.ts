// Each family on markup quoted from real evidence (issue 11, PORTALS.md), where our replicas had it wrong, and the
// pagers' claimed counts bounded (issue 12): a setting caps them, and a page that adds no new link ends the walk.
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { HANWEB_NEXT } from '../../crawlers/families/hanweb.js';
import { FAMILIES, spiderFor } from '../../crawlers/spider.js';
import type { CrawlRequest, SiteConfig, SiteEntry, SpiderOutput } from '../../crawlers/types.js';

const reports = (out: SpiderOutput[]) => out.flatMap((o) => (o.type === 'report' ? [o.report] : []));
const requests = (out: SpiderOutput[]) => out.flatMap((o) => (o.type === 'request' ? [o.request] : []));
const site = (family: SiteEntry['family'], url: string, extra: Partial<SiteEntry> = {}): SiteConfig => ({
  id: 't',
  name: 't',
  hosts: [new URL(url).host],
  entries: [{ family, url, ...extra }],
});
const parse = (s: ReturnType<typeof spiderFor>, req: CrawlRequest, text: string) =>
  s.parse(req, { url: req.url, text });

describe('handler names are per family', () => {
  it('no two families register the same handler (NFCMS and TRS both had "column")', () => {
    const names = Object.values(FAMILIES).flatMap((f) => Object.keys(f.handlers));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('Hanweb: the real pager and the first batch of records', () => {
  const pager = `<table class="default_pgPanel"><tr><td><a class="default_pgStart" href="javascript:;"></a></td>
    <td><a class="default_pgPrev" href="javascript:;"></a></td><td><a class="default_pgNext" href="javascript:;" title="下一页"></a></td></tr></table>`;
  it('the renderer is told to click a.default_pgNext inside table.default_pgPanel', () => {
    const spider = spiderFor(site('hanweb', 'http://www.example.gov.cn/col/col1/index.html'));
    const [start] = spider.start();
    const $ = cheerio.load(pager);
    const css = String(start.meta?.next)
      .split(/,\s*/)
      .filter((sel) => !sel.includes(':text-is'));
    expect(css.some((sel) => $(sel).length === 1 && $(sel).hasClass('default_pgNext'))).toBe(true);
    expect(start.meta?.next).toBe(HANWEB_NEXT);
  });
  it('reads the records of <script type="text/xml"><datastore>, CDATA or escaped', () => {
    const spider = spiderFor(site('hanweb', 'http://www.example.gov.cn/col/col1/index.html'));
    const [start] = spider.start();
    const html = `<div id="1"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1&unitid=2&webname=x&permissiontype=0"></a>]]></nextgroup><recordset>
      <record><![CDATA[<li><a href="/art/2024/1/20/art_1_101.html" title="某局2023年政府信息公开工作年度报告">某局…</a><span>2024-01-20</span></li>]]></record>
      <record>&lt;li&gt;&lt;a href="/art/2023/1/18/art_1_90.html" title="某局2022年政府信息公开工作年度报告"&gt;某局…&lt;/a&gt;&lt;span&gt;2023-01-18&lt;/span&gt;&lt;/li&gt;</record>
      </recordset></datastore></script></div>`;
    expect(reports(parse(spider, start, html)).map((r) => [r.year, r.date])).toEqual([
      [2023, '2024-01-20'],
      [2022, '2023-01-18'],
    ]);
  });
});

describe('UCAP: pages counted from what the server returns; the channel also in ?tab= links', () => {
  const spider = spiderFor(site('ucap', 'http://www.hrbng.gov.cn/hebngq/c111136n/navlist.shtml'));
  const [start] = spider.start();
  it('finds the channel id in a ?tab=<32 hex> link', () => {
    const nav = `<ul class="tabs"><li><a href="/hebngq/c111136n/navlist.shtml?tab=4e84be2305794e02ad2681ba233b1552">年报</a></li></ul>`;
    const [search] = requests(parse(spider, start, nav));
    expect(search.url).toContain('/common/search/4e84be2305794e02ad2681ba233b1552?');
  });
  it('a server that ignores _pageSize=60 and returns 20 of 106: six pages, not two', () => {
    const nav = `<a href="?tab=4e84be2305794e02ad2681ba233b1552">年报</a>`;
    const [search] = requests(parse(spider, start, nav));
    const page = (p: number, n: number) =>
      JSON.stringify({
        data: {
          total: 106,
          results: Array.from({ length: n }, (_, i) => ({
            title: `某单位${2000 + p}年政府信息公开工作年度报告${i}`,
            url: `/hebngq/c111136n/2024${String(p).padStart(2, '0')}/c01_${p * 100 + i}.shtml`,
          })),
        },
      });
    let req = search;
    const seen: number[] = [];
    for (let p = 1; p <= 10; p++) {
      seen.push(Number(new URL(req.url).searchParams.get('page')));
      const [next] = requests(parse(spider, req, page(p, p === 6 ? 6 : 20)));
      if (!next) break;
      req = next;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('totalPage = 10^9 is capped by the setting and by the first page that repeats', () => {
    const capped = spiderFor(
      site('ucap', 'http://www.hrbng.gov.cn/common/search/4e84be2305794e02ad2681ba233b1552', { maxPages: 3 }),
    );
    const [first] = capped.start();
    const body = (id: number) =>
      JSON.stringify({
        data: {
          totalPage: 1_000_000_000,
          results: Array.from({ length: 60 }, (_, i) => ({ title: 't', url: `/a/c01_${id + i}.shtml` })),
        },
      });
    const [p2] = requests(parse(capped, first, body(0)));
    expect(p2.meta?.count).toBe(3);
    const [p3] = requests(parse(capped, p2, body(100)));
    expect(requests(parse(capped, p3, body(200)))).toEqual([]); // the cap
    expect(requests(parse(capped, p2, body(0)))).toEqual([]); // page 2 repeats page 1
  });
});

describe('gkmlpt: the nested TREE (children, jump_url)', () => {
  const spider = spiderFor(site('gkmlpt', 'http://www.szpsq.gov.cn/gkmlpt/index'));
  const [start] = spider.start();
  const index = `<script>window._CONFIG = {SID:'755041', TREE:[{"id":1,"name":"机构职能","parent":0,"jump_url":"","children":[]},
    {"id":2,"name":"政府信息公开年报","parent":0,"jump_url":"","children":[
      {"id":21,"name":"2024年","parent":2,"jump_url":"","children":[]},
      {"id":22,"name":"2023年","parent":2,"jump_url":"","children":[]},
      {"id":23,"name":"2015年以前","parent":2,"jump_url":"http://www.szpsq.gov.cn/zwgk/zfxxgknb/lsnb/","children":[]}]},
    {"id":3,"name":"通知公告","parent":0,"jump_url":"","children":[{"id":31,"name":"公告","parent":3,"jump_url":"","children":[]}]}]};</script>`;
  it('reads every child of a 年报 node, and follows a child that jumps to a page', () => {
    const reqs = requests(parse(spider, start, index));
    expect(reqs.map((r) => [r.handler, r.url])).toEqual([
      ['gkmlpt-api', 'http://www.szpsq.gov.cn/gkmlpt/api/all/2?page=1&sid=755041'],
      ['gkmlpt-api', 'http://www.szpsq.gov.cn/gkmlpt/api/all/21?page=1&sid=755041'],
      ['gkmlpt-api', 'http://www.szpsq.gov.cn/gkmlpt/api/all/22?page=1&sid=755041'],
      ['gkmlpt-page', 'http://www.szpsq.gov.cn/zwgk/zfxxgknb/lsnb/'],
    ]);
    const jump = reqs[3];
    const page = `<ul><li><a href="./content/post_1001.html" title="深圳市坪山区2014年政府信息公开工作年度报告">…</a><span>2015-03-01</span></li></ul>`;
    expect(reports(parse(spider, jump, page))).toEqual([expect.objectContaining({ year: 2014, date: '2015-03-01' })]);
  });
  it('post_count = 10^9: one page after another, capped, stopping when a page adds nothing', () => {
    const [api] = requests(parse(spider, start, index));
    const body = (id: number) =>
      JSON.stringify({
        classify: { post_count: 1_000_000_000 },
        articles: [
          {
            title: '某局2023年政府信息公开工作年度报告',
            url: `http://www.szpsq.gov.cn/gkmlpt/content/9/9103/post_${id}.html`,
          },
        ],
      });
    const p2 = requests(parse(spider, api, body(1)));
    expect(p2).toHaveLength(1);
    expect(p2[0].meta?.count).toBe(200);
    expect(requests(parse(spider, p2[0], body(1)))).toEqual([]);
    expect(requests(parse(spider, p2[0], JSON.stringify({ articles: [] })))).toEqual([]);
  });
});

describe('NFCMS: pages_limit, dates inside the anchor, createPageHTML(10^9)', () => {
  const spider = spiderFor(site('nfcms', 'https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/'));
  const [start] = spider.start();
  it('a date in an <i> inside the anchor (no title=) leaves a clean title and gives the date', () => {
    const html = `<ul class="news_list"><li><a href="./content/post_10120469.html">广州市南沙区人民政府2024年政府信息公开工作年度报告<i>2025-02-14</i></a></li></ul>`;
    expect(reports(parse(spider, start, html))).toEqual([
      {
        url: 'https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/content/post_10120469.html',
        title: '广州市南沙区人民政府2024年政府信息公开工作年度报告',
        year: 2024,
        date: '2025-02-14',
      },
    ]);
  });
  it('stops at the page’s pages_limit (totalPage = Math.ceil(2380/20) = 119, pages_limit = 100)', () => {
    const html = (id: number) =>
      `<ul class="news_list"><li><a href="./content/post_${id}.html" title="a">a</a></li></ul><script>var totalPage = Math.ceil(2380/20); var pages_limit=100</script>`;
    const [p2] = requests(parse(spider, start, html(1)));
    expect(p2.meta?.count).toBe(100);
    const p100: CrawlRequest = { ...p2, url: p2.url.replace('index_2', 'index_100'), meta: { ...p2.meta, page: 100 } };
    expect(requests(parse(spider, p100, html(100)))).toEqual([]);
  });
  it('createPageHTML(1000000000, …): one request for page 2, none after a page repeating page 1', () => {
    const html = `<ul><li><a href="./content/post_1.html" title="a">a</a></li></ul><script>createPageHTML(1000000000, 0, "index", "html");</script>`;
    const reqs = requests(parse(spider, start, html));
    expect(reqs.map((r) => r.url)).toEqual(['https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/index_2.html']);
    expect(requests(parse(spider, reqs[0], html))).toEqual([]);
  });
});
