// 深圳市人民政府(办公厅) — NFCMS column /cn/xxgk/ndxxgkbg/ (zx_ml_list, createPageHTML) and gkmlpt SID 755001
// (PORTALS.md §3). HTTP, not HTTPS, for Shenzhen.
import type { SiteConfig } from '../types.js';

export const sz: SiteConfig = {
  id: 'sz',
  name: '深圳市人民政府',
  region: '深圳市',
  hosts: ['www.sz.gov.cn', 'sz.gov.cn'],
  entries: [
    { family: 'nfcms', url: 'http://www.sz.gov.cn/cn/xxgk/ndxxgkbg/' },
    { family: 'gkmlpt', url: 'http://www.sz.gov.cn/gkmlpt/index' },
  ],
  source: 'PORTALS.md §3 (post_8595151, post_1383075, post_10475032)',
};
