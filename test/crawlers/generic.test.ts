// The generic family: listings of no known CMS, paged one page after another and bounded like every family's.
import { describe, expect, it } from 'vitest';
import { generic } from '../../crawlers/families/generic.js';
import type { CrawlRequest, SpiderOutput } from '../../crawlers/types.js';

const COL = 'http://www.example.gov.cn/xxgk/ndbg/';

function row(i: number, report = true): string {
  const title = report ? `合成测试县${2010 + i}年政府信息公开工作年度报告` : `关于第${i}次会议的通知`;
  return `<tr><td><a href="show.php?id=${i}">${title}</a></td><td>2024-0${(i % 9) + 1}-01</td></tr>`;
}

function page(rows: string, pager: string): string {
  return `<html><body><table>${rows}</table><div class="pages">${pager}</div></body></html>`;
}

function run(req: CrawlRequest, html: string, url = req.url): SpiderOutput[] {
  return generic.handlers[req.handler](req, { url, text: html });
}

const requests = (out: SpiderOutput[]) => out.flatMap((o) => (o.type === 'request' ? [o.request] : []));
const reports = (out: SpiderOutput[]) => out.flatMap((o) => (o.type === 'report' ? [o.report] : []));

describe('the generic family', () => {
  const [start] = generic.start({ family: 'generic', url: `${COL}list.php` });

  it('reads report links by title and pages by the page parameter of its pager links', () => {
    const out = run(
      start,
      page(row(1) + row(2, false) + row(3), '<a href="list.php?page=2">下一页</a> <a href="list.php?page=9">尾页</a>'),
    );
    expect(reports(out).map((r) => [r.url, r.year])).toEqual([
      [`${COL}show.php?id=1`, 2011],
      [`${COL}show.php?id=3`, 2013],
    ]);
    const [next] = requests(out);
    expect(next.url).toBe(`${COL}list.php?page=2`);
    // Page 2 goes on to page 3 only because it brought new links; a page repeating its predecessor stops the walk.
    const second = requests(run(next, page(row(4) + row(5), '<a href="list.php?page=3">下一页</a>')));
    expect(second.map((r) => r.url)).toEqual([`${COL}list.php?page=3`]);
    expect(requests(run(second[0], page(row(4) + row(5), '<a href="list.php?page=4">下一页</a>')))).toEqual([]);
  });

  it('believes no pager script: createPage(1000000000, …) costs one next request at a time', () => {
    const [index] = generic.start({ family: 'generic', url: COL });
    const out = requests(run(index, page(row(1), '<script>createPage(1000000000, 0, "index", "htm");</script>')));
    expect(out.map((r) => r.url)).toEqual([`${COL}index_1.htm`]);
    const next = requests(run(out[0], page(row(2), '')));
    expect(next.map((r) => r.url)).toEqual([`${COL}index_2.htm`]);
    // A page that adds no new link ends it.
    expect(requests(run(next[0], page(row(2), '')))).toEqual([]);
  });

  it('stops at the entry’s maxPages', () => {
    const [capped] = generic.start({ family: 'generic', url: COL, maxPages: 2 });
    const [p2] = requests(run(capped, page(row(1), '<script>createPageHTML(50, 0, "index", "html");</script>')));
    expect(p2.url).toBe(`${COL}index_2.html`);
    expect(requests(run(p2, page(row(2), '')))).toEqual([]);
  });

  it('follows sub-columns named as 年报 columns inside its path, two levels at most', () => {
    const html = page(
      '<tr><td><a href="/xxgk/ndbg/bm/">部门信息公开年报</a></td></tr><tr><td><a href="/other/nb/">其他年报</a></td></tr>',
      '',
    );
    expect(requests(run(start, html)).map((r) => [r.url, r.meta?.depth])).toEqual([[`${COL}bm/`, 1]]);
    const deep = { ...start, url: `${COL}bm/x/`, meta: { ...start.meta, depth: 2 } };
    expect(requests(run(deep, page('<tr><td><a href="/xxgk/ndbg/bm/x/y/">下级年报</a></td></tr>', '')))).toEqual([]);
  });
});
