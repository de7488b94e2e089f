// 哈尔滨市南岗区人民政府 — UCAP: channel page navlist.shtml → /common/search/{32-hex channel} JSON listing,
// articles /hebngq/c{channel}/{YYYYMM}/c01_{id}.shtml (PORTALS.md §4).
import type { SiteConfig } from '../types.js';

export const hrbng: SiteConfig = {
  id: 'hrbng',
  name: '哈尔滨市南岗区人民政府',
  region: '哈尔滨市南岗区',
  hosts: ['www.hrbng.gov.cn', 'hrbng.gov.cn'],
  entries: [{ family: 'ucap', url: 'http://www.hrbng.gov.cn/hebngq/c111136n/navlist.shtml' }],
  source: 'PORTALS.md §4 (c111136n/202401/c01_965226.shtml)',
};
