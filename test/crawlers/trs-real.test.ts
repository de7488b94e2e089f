// The TRS family on real bytes: the 政府信息公开年报 columns of www.pingtan.gov.cn (Fujian TRS) as the public archive
// saved them — `.htm` articles, `<dl><dd>` rows with the date in the second `dd`, and the `listModel` script pager.
import { beforeAll, describe, expect, it } from 'vitest';
import { spiderFor } from '../../crawlers/spider.js';
import type { CrawlRequest, SiteConfig, SpiderOutput } from '../../crawlers/types.js';
import { recordedPages } from './recorded-pages.js';

const reports = (out: SpiderOutput[]) => out.flatMap((o) => (o.type === 'report' ? [o.report] : []));
const requests = (out: SpiderOutput[]) => out.flatMap((o) => (o.type === 'request' ? [o.request] : []));

const ZONE = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/';
const CZJ = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqczj/zfxxgknb/';
const site = (url: string): SiteConfig => ({
  id: 't',
  name: 't',
  hosts: ['www.pingtan.gov.cn'],
  entries: [{ family: 'trs', url }],
});

let pages: Map<string, string>;
beforeAll(async () => {
  pages = await recordedPages();
});

function crawlFirstPage(url: string): SpiderOutput[] {
  const spider = spiderFor(site(url));
  const [start] = spider.start();
  return spider.parse(start, { url: start.url, text: pages.get(url)! });
}

/** The saved listing as README's table gives it: title / year / URL / listing date. */
const ZONE_LISTING: [number, string, string][] = [
  [2025, '202603/t20260313_105587.htm', '2026-03-10'],
  [2024, '202503/t20250310_97791.htm', '2025-03-10'],
  [2023, '202403/t20240308_87885.htm', '2024-03-08'],
  [2022, '202302/t20230220_80629.htm', '2023-02-20'],
  [2021, '202202/t20220208_80613.htm', '2022-02-08'],
  [2020, '202103/t20210305_80595.htm', '2021-03-05'],
  [2019, '202001/t20200120_80576.htm', '2020-01-20'],
  [2018, '201901/t20190110_80529.htm', '2019-01-10'],
  [2017, '201801/t20180123_80506.htm', '2018-01-23'],
  [2016, '201701/t20170118_80485.htm', '2017-01-18'],
];

describe('TRS on the real Pingtan 政府信息公开年报 column', () => {
  it('finds all 10 reports of the saved page with title, year and the listing date (not the URL date)', () => {
    expect(reports(crawlFirstPage(ZONE))).toEqual(
      ZONE_LISTING.map(([year, file, date]) => ({
        url: `${ZONE}${file}`,
        title: `平潭综合实验区${year}年度政府信息公开工作年度报告`,
        year,
        date,
      })),
    );
  });

  it('reads the script pager: ceil(recordCount 20 / prepage 10) = 2 pages, page 2 from the search API', () => {
    const reqs = requests(crawlFirstPage(ZONE));
    expect(reqs).toHaveLength(1);
    const [api] = reqs;
    expect(api.handler).toBe('trs-search');
    const u = new URL(api.url);
    expect(u.origin).toBe('https://www.pingtan.gov.cn');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      channelid: '200210',
      classsql: 'chnlid=1813',
      sortfield: '-docorderpri,-docreltime',
      prepage: '10',
      page: '2',
    });
    expect(api.meta).toMatchObject({ page: 2, count: 2 });
  });

  it('reads the API page as the page script does (chnldocurl, doctitle, docreltime) and stops at the count', () => {
    const [api] = requests(crawlFirstPage(ZONE));
    const spider = spiderFor(site(ZONE));
    const body = {
      docs: [
        {
          chnldocurl: './201402/t20140225_80774.htm',
          doctitle: '平潭综合实验区地方税务局2013年信息公开年度报告',
          docreltime: '2014-02-25 10:00:00',
        },
        { chnldocurl: './201412/t20141210_80787.htm', doctitle: '关于2014年政府信息公开工作要点落实情况的函' },
      ],
    };
    const out = spider.parse(api, { url: api.url, text: JSON.stringify(body) });
    expect(reports(out)).toEqual([
      {
        url: `${ZONE}201402/t20140225_80774.htm`,
        title: '平潭综合实验区地方税务局2013年信息公开年度报告',
        year: 2013,
        date: '2014-02-25',
      },
    ]);
    expect(requests(out)).toEqual([]);
  });

  it('a department column: every report row with its date, the non-report left out, "2018 年" read as 2018', () => {
    const found = reports(crawlFirstPage(CZJ));
    expect(found.map((r) => [r.year, r.date])).toEqual([
      [2025, '2026-01-16'],
      [2024, '2025-01-23'],
      [2023, '2024-01-31'],
      [2022, '2023-01-05'],
      [2021, '2022-01-13'],
      [2020, '2021-01-28'],
      [2019, '2020-01-06'],
      [2018, '2019-01-09'],
      [2017, '2018-01-05'],
    ]);
    expect(found.every((r) => r.url.startsWith(CZJ) && r.url.endsWith('.htm'))).toBe(true);
  });
});

describe('TRS pagers kept and bounded', () => {
  const cq = `<ul class="tab-item"><li class="clearfix"><a href="./202501/t20250123_14202223.html">重庆市南岸区人民政府办公室2024年政府信息公开工作年度报告</a><span>2025-01-23</span></li></ul>
    <script>createPage(3, 0, "index", "html");</script>`;
  const spider = spiderFor(site('http://cqna.gov.cn/zwgk_254/zfxxgknb/qzfbgs/'));
  const [start] = spider.start();
  const next = (req: CrawlRequest, html: string) => requests(spider.parse(req, { url: req.url, text: html }));

  it('createPage: index_1.html, then index_2.html while pages bring new links, none past the count', () => {
    const [p2] = next(start, cq);
    expect(p2.url).toBe('http://cqna.gov.cn/zwgk_254/zfxxgknb/qzfbgs/index_1.html');
    const [p3] = next(p2, cq.replace('14202223', '14100000'));
    expect(p3.url).toBe('http://cqna.gov.cn/zwgk_254/zfxxgknb/qzfbgs/index_2.html');
    expect(next(p3, cq.replace('14202223', '14000000'))).toEqual([]);
  });

  it('a page that shows the same links as the page before ends the walk', () => {
    const [p2] = next(start, cq);
    expect(next(p2, cq)).toEqual([]);
  });

  it('dates in span rows and li rows alike', () => {
    const html = `<div class="list"><div class="row"><span class="t"><a href="./202401/t20240120_1.html" title="某区2023年政府信息公开工作年度报告">x</a></span><span class="d">2024-01-20</span></div>
      <div class="row"><span class="t"><a href="./202301/t20230120_2.html" title="某区2022年政府信息公开工作年度报告">y</a></span><span class="d">2023-01-20</span></div></div>`;
    expect(reports(spider.parse(start, { url: start.url, text: html })).map((r) => r.date)).toEqual([
      '2024-01-20',
      '2023-01-20',
    ]);
  });
});

describe('Pingtan departments, read from the portal’s own gklist script', () => {
  it('the 年报 column of every department under ptzhsyqbm (not the 片区), named by the page', async () => {
    const { departmentColumns } = await import('../../crawlers/families/trs-departments.js');
    const found = departmentColumns(pages.get(CZJ)!, CZJ);
    expect(found).toHaveLength(12);
    expect(found.map((d) => d.orgname)).toContain('平潭综合实验区公安局');
    expect(found.map((d) => d.orgname)).not.toContain('平潭综合实验区财政金融局');
    for (const d of found)
      expect(d.url).toMatch(/^https:\/\/www\.pingtan\.gov\.cn\/zwgk\/zfxxgk\/dfbmptlj\/ptzhsyqbm\/[a-z]+\/zfxxgknb\/$/);
    const reqs = requests(crawlFirstPage(CZJ)).filter((r) => r.handler === 'trs-column');
    expect(reqs.map((r) => r.url).sort()).toEqual(found.map((d) => d.url).sort());
  });

  it('the registry row: the zone column first (nightly sentinel), then a department column', async () => {
    const { getSite } = await import('../../config/registry.js');
    const spider = spiderFor(getSite('pingtan'));
    expect(spider.start().map((r) => r.url)).toEqual([ZONE, CZJ]);
  });
});
