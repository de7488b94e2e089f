// A replica's home page and its 政务公开 hub, added to every replica that has none: what a user hands
// `gongkai sites add`. Real portals link 首页 → 政务公开 → 政府信息公开(年报) in their top navigation (PORTALS.md; the
// Pingtan pages in test/fixtures/realportals link its column as ./zfxxgk/zfxxgknb/ from the 政务公开 hub); these
// pages reproduce that path with generic markup, plus the unrelated links a home page has.
import { esc } from './render.js';
import { html, type Page, type SiteSpec } from './site.js';

/** What each entry kind is called in a portal's navigation. */
function linkName(entryUrl: string): string {
  if (/\/gkmlpt\/index/.test(entryUrl)) return '政府信息公开目录';
  return '政府信息公开年报';
}

const UNRELATED = ['首页', '走进本区', '新闻动态', '政务服务', '互动交流', '专题专栏'];

function page(title: string, nav: { name: string; url: string }[], comment: string): Page {
  return html(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>
<!-- ${comment} -->
<div class="nav"><ul>${nav.map((n) => `<li><a href="${esc(n.url)}">${esc(n.name)}</a></li>`).join('\n')}</ul></div>
<div class="main"><p>欢迎访问${esc(title)}。本页为复刻站点的示例内容。</p></div>
</body></html>`);
}

/** Home ("/index.html") and 政务公开 hub ("/zwgk/index.html") pages for a replica that has no home page of its own. */
export function portalPages(spec: SiteSpec, existing: Map<string, Page>): Map<string, Page> {
  const out = new Map<string, Page>();
  if (existing.has('/index.html')) return out;
  const host = new URL(spec.realOrigins[0]).host;
  const hub = '/zwgk/index.html';
  const entries = spec.entryUrls.filter((u) => new URL(u).host === host);
  const nav = UNRELATED.map((name, i) => ({
    name,
    url: i === 0 ? '/' : `/${['zjbq', 'xwdt', 'zwfw', 'hdjl', 'ztzl'][i - 1]}/`,
  }));
  out.set(
    '/index.html',
    page(
      `${spec.name}门户网站`,
      [...nav, { name: '政务公开', url: hub }],
      'replica home page: top navigation with 政务公开, as real portals have (generic markup)',
    ),
  );
  if (!existing.has(hub)) {
    out.set(
      hub,
      page(
        `政务公开_${spec.name}`,
        [
          { name: '政府信息公开指南', url: '/zwgk/zn/' },
          { name: '政府信息公开制度', url: '/zwgk/zd/' },
          ...entries.map((u) => ({ name: linkName(u), url: u })),
        ],
        'replica 政务公开 hub: the links to the report columns, as in real portals’ 政府信息公开专栏 navigation',
      ),
    );
  }
  return out;
}
