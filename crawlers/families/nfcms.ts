// Guangdong 集约化 platform (NFCMS): columns …/index.html, index_2.html … (no index_1), articles content/post_ID.html.
import { columnFamily } from './column.js';

export const NFCMS_ARTICLE = /\/content\/(?:\d+\/\d+\/)?m?post_\d+\.html$/;

export const nfcms = columnFamily({
  id: 'nfcms',
  isArticle: (url) => NFCMS_ARTICLE.test(new URL(url).pathname),
  secondPageIndex: 2,
});
