// 广州市南沙区人民政府 — gzns.gov.cn /zwgk/xxgknb/{gbm,gzj}/{YYYY}/ year columns, and the district-wide report on the
// city portal gz.gov.cn /zfjgzy/gzsrmzfbgt/zfxxgknb/gq/ (PORTALS.md §5). Both hosts belong to this site.
import type { SiteConfig } from '../types.js';

export const gzns: SiteConfig = {
  id: 'gzns',
  name: '广州市南沙区人民政府',
  region: '广州市南沙区',
  hosts: ['www.gzns.gov.cn', 'gzns.gov.cn', 'www.gz.gov.cn'],
  entries: [
    { family: 'nfcms', url: 'http://www.gzns.gov.cn/zwgk/xxgknb/' },
    // 各区 reports of the whole city: only 南沙's are this site's.
    { family: 'nfcms', url: 'http://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/', titleMustInclude: ['南沙'] },
  ],
  source: 'PORTALS.md §5 (post_7058155, post_5648219; gz.gov.cn post_7100748, post_8078644, post_10120469)',
};
