// A fictional Hanweb JCMS site (replica only): the column list exists only after JavaScript runs, so it is fetched
// rendered by Chromium (PORTALS.md §3A C).
import type { SiteConfig } from '../types.js';

export const hanwebDemo: SiteConfig = {
  id: 'hanweb',
  name: '大汉示例区人民政府(演示站点)',
  hosts: ['www.hanweb-demo.gov.cn'],
  entries: [{ family: 'hanweb', url: 'http://www.hanweb-demo.gov.cn/col/col1001/index.html' }],
  source: 'fictional replica of the Hanweb /col/ + /art/ + dataproxy.jsp pattern',
};
