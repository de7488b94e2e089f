// 深圳市南山区人民政府 — NFCMS columns under /xxgk/qzfxxgkml/xxgknb/ and the gkmlpt catalogue (PORTALS.md §1).
// Shenzhen sites fail over HTTPS with BAD_ECPOINT; plain HTTP works.
import type { SiteConfig } from '../types.js';

export const szns: SiteConfig = {
  id: 'szns',
  name: '深圳市南山区人民政府',
  region: '深圳市南山区',
  hosts: ['www.szns.gov.cn', 'szns.gov.cn'],
  entries: [
    // 各部门信息公开年度报告: the column new reports land in — first, so it is the nightly change sentinel.
    {
      family: 'nfcms',
      url: 'http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/gbmxxgkndbg/',
      scope: 'http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/',
    },
    // The parent column: its other sub-columns (the district-wide report is not in gbmxxgkndbg).
    { family: 'nfcms', url: 'http://www.szns.gov.cn/xxgk/qzfxxgkml/xxgknb/' },
    { family: 'gkmlpt', url: 'http://www.szns.gov.cn/gkmlpt/index' },
  ],
  source: 'PORTALS.md §1 (post_11103425, post_12587836, post_12599951; gkmlpt per CG)',
};
