// Real pages for crawler tests: the bodies of the recorded Pingtan portal, by real URL.
import path from 'node:path';
import { readWarc } from '../../crawlers/warc/read.js';

export const PINGTAN_WARC = path.resolve(import.meta.dirname, '../fixtures/realportals/pingtan.warc.gz');

export async function recordedPages(file = PINGTAN_WARC): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for await (const e of readWarc(file))
    if (e.kind === 'response') pages.set(e.url, Buffer.from(e.body).toString('utf8'));
  return pages;
}
