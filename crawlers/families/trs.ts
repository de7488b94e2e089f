// TRS WCM "t-date" templates (Chongqing): index.html, index_1.html … (counted from 0, total from createPage(N,…)),
// articles ./YYYYMM/tYYYYMMDD_ID.html.
import { columnFamily } from './column.js';

export const TRS_ARTICLE = /\/\d{6}\/t\d{8}_\d+\.s?html$/;

export const trs = columnFamily({
  id: 'trs',
  isArticle: (url) => TRS_ARTICLE.test(new URL(url).pathname),
  secondPageIndex: 1,
});
