// The site registry file: the shipped rows validate; a bad file is one error naming the file, the line, the field
// and the reason; `sites add` writes rows into a user's file without touching its other rows or comments.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedRegistryFile } from '../../config/registry.js';
import { parseRegistry, RegistryError, readRegistryFile, writeSiteRow } from '../../config/site-registry.js';
import { spiderFor } from '../../crawlers/spider.js';
import { runGongkai } from '../helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-registry-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const GOOD = `sites:
  - id: demo
    name: 合成测试区人民政府
    hosts: [www.example.gov.cn]
    entries:
      - family: nfcms
        url: http://www.example.gov.cn/xxgk/xxgknb/
`;

function errorOf(text: string): string {
  try {
    parseRegistry(text, 'my-sites.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(RegistryError);
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('the site registry', () => {
  it('ships rows that validate, each with a spider whose start requests stay on its hosts', () => {
    const rows = readRegistryFile(shippedRegistryFile());
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(['szns', 'sz', 'gzns', 'cqna', 'hrbng']));
    expect(rows.some((r) => r.id === 'hanweb')).toBe(false); // the fictional demo site is the replicas' only
    for (const s of rows) for (const r of spiderFor(s).start()) expect(s.hosts).toContain(new URL(r.url).host);
  });

  it('names the file, line, field and reason of a bad row', () => {
    expect(errorOf(GOOD.replace('family: nfcms', 'family: wordpress'))).toBe(
      'my-sites.yaml:6: sites[0].entries[0].family: must be one of nfcms, gkmlpt, trs, ucap, hanweb, generic',
    );
    expect(errorOf(GOOD.replace('    hosts: [www.example.gov.cn]\n', ''))).toMatch(
      /^my-sites\.yaml:2: sites\[0\]\.hosts: /,
    );
    expect(errorOf(GOOD.replace('http://www.example.gov.cn/xxgk', 'ftp://www.example.gov.cn/xxgk'))).toBe(
      'my-sites.yaml:7: sites[0].entries[0].url: must be an http:// or https:// URL',
    );
    expect(errorOf(GOOD.replace('http://www.example.gov.cn/xxgk', 'http://elsewhere.gov.cn/xxgk'))).toBe(
      "my-sites.yaml:7: sites[0].entries[0].url: host elsewhere.gov.cn is not among the site's hosts",
    );
    expect(errorOf(`${GOOD}${GOOD.replace('sites:\n', '')}`)).toBe(
      'my-sites.yaml:8: sites[1].id: "demo" is already the id of sites[0]',
    );
    expect(errorOf('sites:\n  - id: [unclosed\n')).toMatch(/^my-sites\.yaml:\d+: not valid YAML: /);
    expect(errorOf(GOOD.replace('    name:', '    nmae: x\n    name:'))).toMatch(/^my-sites\.yaml:2: sites\[0\]: /);
  });

  it('writes a row into a user file, keeping its comments and replacing a row of the same id', () => {
    const file = path.join(dir, 'user.yaml');
    fs.writeFileSync(file, `# my own sites\n${GOOD}`);
    const row = readRegistryFile(file)[0];
    expect(writeSiteRow(file, { ...row, id: 'other' })).toEqual({ replaced: false });
    expect(writeSiteRow(file, { ...row, name: '合成测试区人民政府（改）' })).toEqual({ replaced: true });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('# my own sites\n')).toBe(true);
    expect(readRegistryFile(file).map((s) => [s.id, s.name])).toEqual([
      ['demo', '合成测试区人民政府（改）'],
      ['other', '合成测试区人民政府'],
    ]);
  });

  it('a bad registry file fails `gongkai sites` with one line, and nothing else runs', async () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, GOOD.replace('family: nfcms', 'family: wordpress'));
    const r = await runGongkai(['sites', '--sites', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      `gongkai: ${bad}:6: sites[0].entries[0].family: must be one of nfcms, gkmlpt, trs, ucap, hanweb, generic`,
    );
    const crawl = await runGongkai(['crawl', '--site', 'szns'], { GONGKAI_SITES: bad });
    expect(crawl.code).toBe(1);
    expect(crawl.stderr.trim().split('\n')).toHaveLength(1);
    expect(crawl.stderr).toContain(`${bad}:6: sites[0].entries[0].family`);
  });

  it('lists shipped and user rows together, the user row replacing a shipped one', async () => {
    const file = path.join(dir, 'mine.yaml');
    fs.writeFileSync(file, GOOD.replace('id: demo', 'id: szns'));
    const r = await runGongkai(['sites', '--sites', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; name: string }[];
    expect(rows.find((s) => s.id === 'szns')?.name).toBe('合成测试区人民政府');
    expect(rows.some((s) => s.id === 'cqna')).toBe(true);
  });
});
