// Guangdong 集约化 platform (NFCMS): columns …/index.html, index_2.html … (no index_1), articles content/post_ID.html.
// The page's `var pages_limit = N` bounds the pager below `totalPage` (gz.gov.cn, PORTALS.md §5).
import type { Family } from '../types.js';
import { columnParts } from './column.js';

export const NFCMS_ARTICLE = /\/content\/(?:\d+\/\d+\/)?m?post_\d+\.html$/;

const parts = columnParts({
  id: 'nfcms',
  isArticle: (url) => NFCMS_ARTICLE.test(new URL(url).pathname),
  secondPageIndex: 2,
  pageLimit: (html) => {
    const m = /\bpages_limit\s*=\s*(\d+)/.exec(html);
    return m ? Number(m[1]) : null;
  },
});

export const nfcms: Family = { id: 'nfcms', start: parts.start, handlers: { [parts.handler]: parts.parse } };
