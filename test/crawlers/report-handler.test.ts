// A report page's handler (Spider.report): pure, page text in, attachment requests out — best first, on the
// site's hosts only, the listing's own attachments included.
import { describe, expect, it } from 'vitest';
import { spiderFor } from '../../crawlers/spider.js';
import type { SiteConfig } from '../../crawlers/types.js';

const site: SiteConfig = {
  id: 't',
  name: '测试',
  hosts: ['www.t.gov.cn'],
  attachmentHosts: ['files.t.gov.cn'],
  entries: [{ family: 'nfcms', url: 'http://www.t.gov.cn/zwgk/ndbg/' }],
};
const page = 'http://www.t.gov.cn/zwgk/ndbg/content/post_1.html';

describe('Spider.report', () => {
  it('yields the attachments best first (docx > pdf > doc > wps), on the site’s hosts only', () => {
    const html = `<div class="fjdown">
      <a href="./r.wps">wps</a> <a href="/a/r.pdf">pdf</a> <a href="http://elsewhere.cn/r.docx">off-site</a>
      <a href="http://files.t.gov.cn/r.doc">doc</a> <a href="r.docx">docx</a> <a href="r.pdf">again</a></div>`;
    const out = spiderFor(site).report(
      { url: page, title: '测试2023年政府信息公开工作年度报告' },
      { url: page, text: html },
    );
    expect(out.map((r) => r.url)).toEqual([
      'http://www.t.gov.cn/zwgk/ndbg/content/r.docx',
      'http://www.t.gov.cn/a/r.pdf',
      'http://www.t.gov.cn/zwgk/ndbg/content/r.pdf',
      'http://files.t.gov.cn/r.doc',
      'http://www.t.gov.cn/zwgk/ndbg/content/r.wps',
    ]);
    expect(out.every((r) => r.kind === 'document' && r.handler === 'attachment')).toBe(true);
  });

  it('keeps the listing’s attachments when the page is not text', () => {
    const listed = [{ url: 'http://www.t.gov.cn/x.pdf' }, { url: 'http://www.t.gov.cn/x.docx' }];
    const out = spiderFor(site).report({ url: page, title: 't', attachments: listed }, { url: page, text: null });
    expect(out.map((r) => r.url)).toEqual(['http://www.t.gov.cn/x.docx', 'http://www.t.gov.cn/x.pdf']);
  });
});
