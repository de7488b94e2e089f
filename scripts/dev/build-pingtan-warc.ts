// Build the recorded Pingtan portal: every saved page of ../shared/realportals/pingtan (MANIFEST.tsv: real URL →
// file) as a request/response pair in test/fixtures/realportals/pingtan.warc.gz, bytes unchanged. Re-run after
// the shared pages change: `npm run warc:pingtan [-- --from DIR --out FILE]`.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WarcWriter } from '../../crawlers/warc/write.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The archive saved the pages in 2026; its crawl time per page is not known, so every record gets this one. */
const RECORDED_AT = new Date('2026-03-20T00:00:00Z');

interface ManifestRow {
  realUrl: string;
  file: string;
  kind: string;
}

export function readManifest(dir: string): ManifestRow[] {
  const text = readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8');
  const [head, ...lines] = text.split('\n').filter((l) => l.trim());
  const cols = head.split('\t');
  const at = (name: string) => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no "${name}" column`);
    return i;
  };
  const [u, f, k] = [at('real_url'), at('file'), at('kind')];
  return lines.map((l) => {
    const c = l.split('\t');
    return { realUrl: c[u], file: c[f], kind: c[k] };
  });
}

export async function buildWarc(from: string, out: string): Promise<number> {
  const rows = readManifest(from);
  mkdirSync(path.dirname(out), { recursive: true });
  const w = await WarcWriter.open(
    out,
    'gongkai scripts/dev/build-pingtan-warc.ts',
    {
      description: 'www.pingtan.gov.cn pages saved by github changwu/pingtan-gov-zwgk-archive, bytes unchanged',
    },
    RECORDED_AT,
  );
  for (const row of rows) {
    const file = path.join(from, row.file);
    if (!existsSync(file)) throw new Error(`${file}: listed in MANIFEST.tsv but missing`);
    await w.add({
      url: row.realUrl,
      date: RECORDED_AT,
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: readFileSync(file),
    });
  }
  await w.close();
  return rows.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
  };
  const from = path.resolve(arg('--from', path.join(ROOT, '../shared/realportals/pingtan')));
  const out = path.resolve(arg('--out', path.join(ROOT, 'test/fixtures/realportals/pingtan.warc.gz')));
  buildWarc(from, out).then(
    (n) => console.log(`${out}: ${n} pages`),
    (err: Error) => {
      console.error(`build-pingtan-warc: ${err.message}`);
      process.exit(1);
    },
  );
}
