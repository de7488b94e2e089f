// The replica portals answer with the markup of docs/PORTALS.md, for the real paths, and their switches work.

import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_COLUMNS, REVIEW_GROUPS } from '../../parsers/schema.js';
import { type Portals, startPortals } from '../../replicas/index.js';
import { SYNTHETIC_MARK } from '../../replicas/reports.js';
import { HRBNG_CHANNEL_ID } from '../../replicas/sites/hrbng.js';

let portals: Portals;

beforeAll(async () => {
  portals = await startPortals();
});
afterAll(async () => {
  await portals?.close();
});

/** GET a real URL on its replica. */
async function get(realUrl: string, init: RequestInit = {}): Promise<Response> {
  const u = new URL(realUrl);
  const site = portals.sites.find((s) => s.realOrigins.includes(u.origin));
  if (!site) throw new Error(`no replica for ${u.origin}`);
  return fetch(site.origin + u.pathname + u.search, init);
}
const page = async (realUrl: string) => {
  const r = await get(realUrl);
  expect(r.status, realUrl).toBe(200);
  return cheerio.load(await r.text());
};

describe('szns (NFCMS + gkmlpt)', () => {
  it('parent column lists sub-columns; listings page index.html, index_2.html… with no index_1', async () => {
    const $ = await page('http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/');
    const subs = $('div.sub_column a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(subs).toContain('http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/gbmxxgkndbg/');
    expect(subs).toContain('http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/qzfxxgknb/');
    const col = 'http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/gbmxxgkndbg/';
    const first = await page(col);
    expect(first('script').text()).toMatch(/createPageHTML\(3, 0, "index", "html"\)/);
    expect((await get(col + 'index_2.html')).status).toBe(200);
    expect((await get(col + 'index_3.html')).status).toBe(200);
    expect((await get(col + 'index_1.html')).status).toBe(404);
    const rows = first('div.list_con li a');
    expect(rows.length).toBe(10);
    const titles = rows.map((_, a) => first(a).attr('title')).get();
    expect(titles.some((t) => !t.includes('年度报告'))).toBe(true); // unrelated articles are mixed in
  });

  it('article page: 时间/来源 header, div.tyxxy_main body with the tables, div.tyxxy_fj attachments', async () => {
    const rep = portals.site('szns').reports.find((r) => r.key === '000_9a0889932f31a8f7')!;
    expect(rep.url).toMatch(
      /^http:\/\/www\.szns\.gov\.cn\/xxgk\/qzfxxgkml\/xxgknb\/qzfxxgknb\/content\/post_\d+\.html$/,
    );
    const $ = await page(rep.url);
    expect($('div.tyxxy_info').text()).toBe(`时间:${rep.publishedDate}来源:深圳市南山区人民政府`);
    expect($('div.tyxxy_main table').length).toBe(3);
    expect($('div.tyxxy_main').text()).toContain('三、收到和处理政府信息公开申请情况');
    expect($('meta[name=ArticleTitle]').attr('content')).toBe(rep.title);
    for (const a of rep.attachmentUrls) {
      expect(
        $('div.tyxxy_fj a')
          .map((_, x) => $(x).attr('href'))
          .get(),
      ).toContain(a);
      const r = await get(a);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/pdf|word|msword/);
    }
  });

  it('gkmlpt: window._CONFIG with SID and TREE; api/all pages of 100 with page 0 = page 1', async () => {
    const r = await get('http://www.szns.gov.cn/gkmlpt/index');
    const text = await r.text();
    const m = /window\._CONFIG = \{SID:'(\d+)', TREE:(\[.*?\]), /.exec(text);
    expect(m).not.toBeNull();
    const tree = JSON.parse(m![2]) as { id: number; name: string }[];
    const cat = tree.find((c) => c.name.includes('年报'))!;
    const api = async (p: number) =>
      (await (await get(`http://www.szns.gov.cn/gkmlpt/api/all/${cat.id}?page=${p}&sid=${m![1]}`)).json()) as {
        classify: { post_count: number };
        articles: { title: string; url: string }[];
      };
    const p1 = await api(1);
    expect(p1.classify.post_count).toBe(portals.site('szns').reports.filter((x) => !x.disallowed).length);
    expect((await api(0)).articles).toEqual(p1.articles);
    expect(p1.articles.map((a) => a.url)).toContain(portals.site('szns').reports[0].url);
  });
});

describe('sz (NFCMS)', () => {
  it('zx_ml_list rows with span.tit a and a date span, createPageHTML paging; detail news_cont_d_wrap, fjdown by script', async () => {
    const col = 'http://www.sz.gov.cn/cn/xxgk/ndxxgkbg/';
    const $ = await page(col);
    const li = $('div.zx_ml_list ul li').first();
    expect(li.find('span.number').length).toBe(1);
    expect(li.find('span.tit a').attr('title')).toBeTruthy();
    expect(li.children('span').last().text()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect($('script').text()).toMatch(/createPageHTML\(3, 0, "index", "html"\)/);
    expect((await get(col + 'index_3.html')).status).toBe(200);
    const rep = portals.site('sz').reports.find((r) => r.agency === '深圳市人民政府办公厅')!;
    const d = await page(rep.url);
    expect(d('div.news_cont_d_wrap table').length).toBe(3);
    expect(d('meta[name=ContentSource]').attr('content')).toBe('深圳市人民政府办公厅');
    expect(d('meta[name=PubDate]').attr('content')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(d.html()).toContain('NFCMS_SITE_ID="755001"');
    const fj = d('div.fjdown');
    expect(fj.find('a').length).toBe(0); // links are written by a script
    for (const a of rep.attachmentUrls) expect(fj.find('script').text()).toContain(a);
  });
});

describe('gzns + gz.gov.cn (NFCMS, two hosts)', () => {
  it('year sub-columns with ul.news_list and var totalPage; index_1 is a 404, index_2 is page 2', async () => {
    const $ = await page('http://www.gzns.gov.cn/zwgk/xxgknb/gbm/');
    expect(
      $('a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toContain('http://www.gzns.gov.cn/zwgk/xxgknb/gbm/2024/');
    const y = 'http://www.gzns.gov.cn/zwgk/xxgknb/gbm/2024/';
    const l = await page(y);
    const first = l('ul.news_list li').first();
    expect(first.children('a').attr('title')).toBeTruthy();
    expect(first.children('span.time').text()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(l('script').text()).toMatch(/var totalPage = Math\.ceil\(25\/20\)/);
    expect((await get(y + 'index_1.html')).status).toBe(404);
    expect((await get(y + 'index_2.html')).status).toBe(200);
  });

  it('the district report is on www.gz.gov.cn at its real path', async () => {
    const rep = portals.site('gzns').reports.find((r) => r.key === '004_2e72bb84fb1e0d34')!;
    expect(rep.url).toBe('http://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/2020n/content/post_7100748.html');
    const $ = await page(rep.url);
    expect($('div.info_time').text()).toContain('来源:南沙区');
    expect($('div.article-content table').length).toBe(3);
    const gq = await page('http://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/');
    expect(
      gq('ul.news_list a')
        .map((_, a) => gq(a).attr('href'))
        .get()
        .some((h) => h.includes('/gq/')),
    ).toBe(true);
    expect(portals.site('gzns').hosts).toEqual(expect.arrayContaining(['www.gzns.gov.cn', 'www.gz.gov.cn']));
  });
});

describe('cqna (TRS)', () => {
  it('createPage paging where index_1.html is page 2; t-date articles with trs_editor_view and appendix attachments', async () => {
    const $ = await page('http://www.cqna.gov.cn/zwgk_254/zfxxgknb/');
    expect(
      $('a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['./naq/', './qzfbgs/']);
    const col = 'http://www.cqna.gov.cn/zwgk_254/zfxxgknb/naq/';
    const l = await page(col);
    expect(l('script').text()).toMatch(/createPage\(2, 0, "index", "html"\)/);
    expect((await get(col + 'index_1.html')).status).toBe(200);
    expect((await get(col + 'index_2.html')).status).toBe(404);
    const l2 = await page(col + 'index_1.html');
    const hrefs = [l, l2].flatMap((x) =>
      x('ul.tab-item li.clearfix a')
        .map((_, a) => x(a).attr('href'))
        .get(),
    );
    expect(hrefs.every((h) => /^\.\/\d{6}\/t\d{8}_\d+\.html$/.test(h))).toBe(true);
    const rep = portals.site('cqna').reports.find((r) => r.key === '001_036455f488ab67f2')!;
    expect(hrefs.map((h) => new URL(h, col).toString())).toContain(rep.url);
    const d = await page(rep.url);
    expect(d('div.trs_editor_view table').length).toBe(3);
    expect(d('meta[name=PubDate]').attr('content')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const att = d('a[appendix="true"]');
    expect(att.length).toBe(rep.attachmentUrls.length);
    if (att.length) {
      expect(att.first().attr('href')).toMatch(/^\.\/P0\d{8}\d+\.(pdf|docx)$/);
      expect((await get(new URL(att.first().attr('href')!, rep.url).toString())).status).toBe(200);
    }
  });

  it('robots.txt announces a Crawl-delay and a Disallow path', async () => {
    const text = await (await get('http://www.cqna.gov.cn/robots.txt')).text();
    expect(text).toMatch(/Crawl-delay: 0\.5/);
    expect(text).toMatch(/Disallow: \/preview\//);
  });
});

describe('hrbng (UCAP, GBK without charset)', () => {
  it('navlist names the channel; /common/search JSON pages data.results', async () => {
    const nav = await get('http://www.hrbng.gov.cn/hebngq/c111136n/navlist.shtml');
    const html = iconv.decode(Buffer.from(await nav.arrayBuffer()), 'gbk');
    expect(html).toContain(`var channelId = '${HRBNG_CHANNEL_ID}'`);
    const q = (p: number) =>
      `http://www.hrbng.gov.cn/common/search/${HRBNG_CHANNEL_ID}?_isAgg=true&_isJson=true&_pageSize=10&_template=index&page=${p}`;
    const j1 = (await (await get(q(1))).json()) as {
      data: { total: number; results: { title: string; url: string; publishedTimeStr: string }[] };
    };
    expect(j1.data.results.length).toBe(10);
    expect(j1.data.results[0].publishedTimeStr).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const pages = Math.ceil(j1.data.total / 10);
    const all: string[] = [];
    for (let p = 1; p <= pages; p++)
      all.push(...((await (await get(q(p))).json()) as typeof j1).data.results.map((r) => r.url));
    expect(all.length).toBe(j1.data.total);
    for (const rep of portals.site('hrbng').reports) expect(all).toContain(new URL(rep.url).pathname);
  });

  it('articles are GBK bytes with Content-Type text/html and no charset; UCAPTITLE/UCAPCONTENT inside div.article_content', async () => {
    for (const rep of portals.site('hrbng').reports) {
      expect(rep.url).toMatch(/\/hebngq\/c111136n\/\d{6}\/c01_\d+\.shtml$/);
      const r = await get(rep.url);
      expect(r.headers.get('content-type')).toBe('text/html');
      const bytes = Buffer.from(await r.arrayBuffer());
      expect(bytes.toString('utf8')).not.toContain(rep.title); // not UTF-8
      const text = iconv.decode(bytes, 'gbk');
      expect(text).toContain(`<UCAPTITLE>${rep.title}</UCAPTITLE>`);
      expect(cheerio.load(text)('div.article_content ucapcontent table').length).toBe(3);
      if (rep.synthetic) expect(text).not.toMatch(/charset/i);
      else expect(text).toMatch(/charset=gbk/);
    }
  });
});

describe('hanweb demo (JavaScript-only listing)', () => {
  it('the column page has an empty list; dataproxy.jsp answers the POST with <recordset> records', async () => {
    const $ = await page('http://www.hanweb-demo.gov.cn/col/col1001/index.html');
    expect($('#div1001').children().length).toBe(0);
    expect($('a[href*="/art/"]').length).toBe(0);
    const r = await get(
      'http://www.hanweb-demo.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=21&endrecord=40&perpage=20',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'col=1&appid=1&webid=1&path=%2F&columnid=1001&unitid=7001&permissiontype=0',
      },
    );
    const xml = await r.text();
    const total = Number(/<totalrecord>(\d+)<\/totalrecord>/.exec(xml)![1]);
    expect(total).toBeGreaterThan(20);
    expect(
      (xml.match(/<record><!\[CDATA\[<li><a href="\/art\/\d{4}\/\d{1,2}\/\d{1,2}\/art_1001_\d+\.html"/g) ?? []).length,
    ).toBe(Math.min(20, total - 20));
  });

  it('in Chromium the script renders the rows and pages on 下一页', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const p = await browser.newPage();
      await p.goto(portals.site('hanweb').origin + '/col/col1001/index.html');
      await p.waitForSelector('#div1001 li a');
      const first = await p.$$eval('#div1001 li a', (as) => as.map((a) => a.getAttribute('href')));
      expect(first.length).toBe(20);
      await p.click('#pager a.next');
      await p.waitForFunction((h) => document.querySelector('#div1001 li a')?.getAttribute('href') !== h, first[0]);
      const second = await p.$$eval('#div1001 li a', (as) => as.map((a) => a.getAttribute('href')));
      const all = [...first, ...second];
      for (const rep of portals.site('hanweb').reports) expect(all).toContain(new URL(rep.url).pathname);
    } finally {
      await browser.close();
    }
  });

  it('serves the real 洪泽区 PDFs as attachments and the real 平潭 page byte for byte', async () => {
    const reps = portals.site('hanweb').reports;
    const hz = reps.find((r) => r.key === 'hongze-2023')!;
    expect(hz.inPage).toBe(false);
    const pdf = Buffer.from(await (await get(hz.attachmentUrls[0])).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pt = reps.find((r) => r.key === 'pingtan-2023')!;
    const { readFileSync } = await import('node:fs');
    expect(
      Buffer.from(await (await get(pt.url)).arrayBuffer()).equals(
        readFileSync('test/fixtures/realdata/pingtan-2023.html'),
      ),
    ).toBe(true);
  });
});

describe('content', () => {
  it('synthetic years satisfy every identity, are marked, fictional, and chain carried_over', () => {
    for (const site of portals.sites) {
      const byAgency = new Map<string, typeof site.reports>();
      // Real reports are what their sources printed (洪泽 2023 publishes review totals of 0): only synthetic ones here.
      for (const rep of site.reports.filter((r) => !r.disallowed && r.synthetic)) {
        const q = rep.golden.requests!;
        for (const row of Object.keys(q)) {
          expect(
            REQUEST_COLUMNS.slice(0, 6).reduce((s, c) => s + (q[row][c] ?? 0), 0),
            `${rep.key} ${row}`,
          ).toBe(q[row].total);
        }
        for (const col of REQUEST_COLUMNS) {
          expect((q.new_received[col] ?? 0) + (q.carried_over[col] ?? 0)).toBe(
            (q.total_processed[col] ?? 0) + (q.carried_forward[col] ?? 0),
          );
        }
        if (rep.golden.review)
          for (const g of REVIEW_GROUPS) {
            const v = rep.golden.review[g];
            expect((v.upheld ?? 0) + (v.corrected ?? 0) + (v.other ?? 0) + (v.pending ?? 0)).toBe(v.total);
          }
        if (rep.synthetic) {
          expect(rep.title.endsWith(SYNTHETIC_MARK)).toBe(true);
          expect(rep.agency).toMatch(/合成测试|某某示例/);
          byAgency.set(rep.agency, [...(byAgency.get(rep.agency) ?? []), rep]);
        } else {
          expect(rep.title).not.toContain(SYNTHETIC_MARK);
        }
      }
      for (const rep of site.reports.filter((r) => !r.synthetic)) {
        expect(rep.title).not.toContain(SYNTHETIC_MARK);
        expect(site.reports.some((o) => o.synthetic && o.agency === rep.agency)).toBe(false); // no synthetic year of a real agency
      }
      for (const series of byAgency.values()) {
        const sorted = [...series].sort((a, b) => a.year - b.year);
        expect(sorted.length).toBeGreaterThanOrEqual(4);
        for (let i = 1; i < sorted.length; i++) {
          expect(sorted[i].golden.requests!.carried_over).toEqual(sorted[i - 1].golden.requests!.carried_forward);
        }
      }
    }
  });
});

describe('protocol behaviour', () => {
  it('ETag and Last-Modified give 304 on a conditional GET; the request log records it', async () => {
    const rep = portals.site('sz').reports[0];
    const r1 = await get(rep.url);
    const etag = r1.headers.get('etag')!;
    const lm = r1.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(Date.parse(lm)).toBeLessThan(Date.now());
    expect((await get(rep.url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await get(rep.url, { headers: { 'if-modified-since': lm } })).status).toBe(304);
    expect((await get(rep.url, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    const log = portals.requestLog.of('sz', (e) => e.path === new URL(rep.url).pathname);
    expect(log.map((e) => e.status).slice(-4)).toEqual([200, 304, 304, 200]);
    expect(log.at(-3)!.ifNoneMatch).toBe(etag);
  });

  it('a revised report gets new bytes, a new ETag and a later Last-Modified', async () => {
    const before = portals.site('cqna').reports[0];
    const r1 = await get(before.url);
    const etag = r1.headers.get('etag')!;
    const after = portals.reviseReport('cqna', before.key);
    expect(after.revision).toBe(before.revision + 1);
    const r2 = await get(after.url, { headers: { 'if-none-match': etag } });
    expect(r2.status).toBe(200);
    expect(r2.headers.get('etag')).not.toBe(etag);
    expect(await r2.text()).toContain('更正');
    // Other pages keep their validators.
    const other = portals.site('cqna').reports[1];
    const o1 = await get(other.url);
    expect((await get(other.url, { headers: { 'if-none-match': o1.headers.get('etag')! } })).status).toBe(304);
  });

  it('a revision may change the values a report shows', async () => {
    const rep = portals.site('szns').reports.find((r) => r.synthetic && r.year === 2022)!;
    const after = portals.reviseReport('szns', rep.key, undefined, (g) => {
      g.active!.fees.amount_10k_yuan = 123456;
    });
    expect(after.golden.active!.fees.amount_10k_yuan).toBe(123456);
    const $ = await page(rep.url);
    const feeRow = $('tr').filter((_, tr) => $(tr).children('td').first().text() === '行政事业性收费');
    expect(feeRow.children('td').last().text()).toBe('123456');
  });

  it('faults switch on and off: latency, 500, 429 with Retry-After, reset, endless, redirect loop', async () => {
    const url = 'http://www.hrbng.gov.cn/hebngq/c111136n/navlist.shtml';
    portals.setFault('hrbng', { kind: 'latency', ms: 300 });
    let t = performance.now();
    expect((await get(url)).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(290);
    portals.setFault('hrbng', { kind: 'error', times: 2 });
    expect((await get(url)).status).toBe(500);
    expect((await get(url)).status).toBe(500);
    expect((await get(url)).status).toBe(200);
    portals.setFault('hrbng', { kind: 'rate_limit', retryAfter: '7' });
    const r429 = await get(url);
    expect(r429.status).toBe(429);
    expect(r429.headers.get('retry-after')).toBe('7');
    expect((await get('http://www.hrbng.gov.cn/robots.txt')).status).toBe(200); // robots.txt is exempt by default
    portals.setFault('hrbng', { kind: 'reset' });
    await expect(get(url)).rejects.toThrow();
    portals.setFault('hrbng', { kind: 'redirect_loop' });
    const r302 = await get(url, { redirect: 'manual' });
    expect(r302.status).toBe(302);
    expect(r302.headers.get('location')).toBe('/hebngq/c111136n/navlist.shtml?loop=1');
    portals.setFault('hrbng', { kind: 'endless', paths: /navlist/ });
    const ac = new AbortController();
    const r = await get(url, { signal: ac.signal });
    const reader = r.body!.getReader();
    let got = 0;
    t = performance.now();
    while (got < 200_000) got += (await reader.read()).value!.length;
    ac.abort();
    expect(got).toBeGreaterThanOrEqual(200_000);
    portals.setFault('hrbng', null);
    expect((await get(url)).status).toBe(200);
    const faults = portals.requestLog.of('hrbng', (e) => e.fault !== null).map((e) => e.fault);
    expect(faults).toEqual(['latency', 'error', 'error', 'rate_limit', 'reset', 'redirect_loop', 'endless']);
  });

  it('every site serves robots.txt with a Disallow path that a listing links into', async () => {
    for (const site of portals.sites) {
      const text = await (await fetch(site.origin + '/robots.txt')).text();
      expect(text).toMatch(/^Disallow: \/preview\/$/m);
    }
    const draft = portals.site('szns').reports.find((r) => r.disallowed)!;
    expect(new URL(draft.url).pathname.startsWith('/preview/')).toBe(true);
    const $ = await page('http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/qzfxxgknb/');
    const pages = [$, await page('http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/qzfxxgknb/index_2.html')];
    expect(
      pages.flatMap((p) =>
        p('a')
          .map((_, a) => p(a).attr('href'))
          .get(),
      ),
    ).toContain(draft.url);
  });
});

describe('generated scale', () => {
  it('startPortals({ generated }) serves many paged NFCMS sites', async () => {
    const big = await startPortals({ generated: { sites: 40, yearsPerSite: 5 } });
    try {
      expect(big.sites.length).toBe(40);
      const s = big.site('gen040');
      expect(s.realOrigins[0]).toBe('http://www.gen040.replica.invalid');
      expect(s.reports.length).toBe(5);
      const r = await fetch(s.origin + '/xxgk/xxgknb/index_3.html');
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('createPageHTML(3, 2, "index", "html")');
      expect(big.requestLog.count('gen040')).toBe(1);
    } finally {
      await big.close();
    }
  });
});
