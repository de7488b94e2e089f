// 平潭综合实验区 (福建省) — www.pingtan.gov.cn, a Fujian TRS portal: the zone's 政府信息公开年报 column and every
// department's (…/dfbmptlj/ptzhsyqbm/<department>/zfxxgknb/). The departments are not listed here: the portal names
// them in the inline `gklist` script of each department page, read at crawl time from the 财政金融局 column
// (crawlers/families/trs-departments.ts). Markup: the recorded pages in test/fixtures/realportals/pingtan.warc.gz.
import type { SiteConfig } from '../types.js';

export const pingtan: SiteConfig = {
  id: 'pingtan',
  name: '平潭综合实验区管委会',
  region: '平潭综合实验区',
  hosts: ['www.pingtan.gov.cn'],
  entries: [
    // The zone's column: first, so it is the nightly change sentinel.
    { family: 'trs', url: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/' },
    // One department's column; its gklist leads to every other department's.
    {
      family: 'trs',
      url: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqczj/zfxxgknb/',
      scope: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/',
    },
  ],
  source: 'real pages saved by github changwu/pingtan-gov-zwgk-archive (../shared/realportals/pingtan)',
};
