// 重庆市南岸区人民政府 — TRS columns /zwgk_254/zfxxgknb/{naq,qzfbgs}/, createPage paging, ./YYYYMM/tYYYYMMDD_ID.html
// articles (PORTALS.md §2).
import type { SiteConfig } from '../types.js';

export const cqna: SiteConfig = {
  id: 'cqna',
  name: '重庆市南岸区人民政府',
  region: '重庆市南岸区',
  hosts: ['www.cqna.gov.cn', 'cqna.gov.cn'],
  entries: [{ family: 'trs', url: 'http://www.cqna.gov.cn/zwgk_254/zfxxgknb/' }],
  source: 'PORTALS.md §2 (t20250123_14202223, t20200327_6287143)',
};
