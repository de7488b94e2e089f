// `gongkai sites add URL` and `gongkai crawl --url URL` as a user runs them, against replica portals no registry
// row was written for (embedded mode, pointed there by GONGKAI_ORIGIN_OVERRIDES).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRegistryFile } from '../../config/site-registry.js';
import { type Portals, startPortals } from '../../replicas/index.js';
import { runGongkai } from '../helpers/cli.js';
import { createTempHome, type TempHome } from '../helpers/db.js';

let portals: Portals;
let home: TempHome;
let env: Record<string, string>;

beforeAll(async () => {
  portals = await startPortals({ only: ['nfdist', 'plaincms'] });
  home = createTempHome('gongkai-sites-');
  env = {
    REDIS_URL: '',
    DATABASE_URL: '',
    GONGKAI_HOME: home.home,
    GONGKAI_ALLOW_PRIVATE: '1',
    GONGKAI_POLITENESS_MS: '0',
    GONGKAI_ORIGIN_OVERRIDES: Object.entries(portals.overrides)
      .map(([real, local]) => `${real}=${local}`)
      .join(','),
    LOG_LEVEL: 'warn',
    LOG_PRETTY: '0',
  };
});
afterAll(async () => {
  await portals?.close();
  home?.remove();
});

describe('gongkai sites add', () => {
  it('--dry-run prints the family, the entries with their reports, the requests and the row; writes nothing', {
    timeout: 120_000,
  }, async () => {
    const r = await runGongkai(['sites', 'add', 'http://www.nfdist.replica.invalid/', '--dry-run'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^family: nfcms \(/m);
    expect(r.stdout).toMatch(/http:\/\/www\.nfdist\.replica\.invalid\/zwgk\/zfxxgk\/zfxxgknb\/\s+\d+\s+20\d\d/);
    expect(r.stdout).toMatch(/^requests: \d+$/m);
    const yaml = r.stdout.slice(r.stdout.indexOf('sites:'));
    const [row] = (parse(yaml) as { sites: { id: string; entries: { family: string; url: string }[] }[] }).sites;
    expect(row.id).toBe('nfdist');
    expect(row.entries).toEqual([{ family: 'nfcms', url: 'http://www.nfdist.replica.invalid/zwgk/zfxxgk/zfxxgknb/' }]);
    expect(fs.existsSync(path.join(home.home, 'sites.yaml'))).toBe(false);
  });

  it('writes the row into $GONGKAI_HOME/sites.yaml, and `sites` lists it', { timeout: 120_000 }, async () => {
    const r = await runGongkai(
      ['sites', 'add', 'www.plaincms.replica.invalid', '--name', '合成测试山城县人民政府'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`added site plaincms in ${path.join(home.home, 'sites.yaml')}`);
    const [row] = readRegistryFile(path.join(home.home, 'sites.yaml'));
    expect(row).toMatchObject({
      id: 'plaincms',
      name: '合成测试山城县人民政府',
      entries: [{ family: 'generic', url: 'http://www.plaincms.replica.invalid/xxgk/ndbg/list.php' }],
    });
    const list = await runGongkai(['sites', '--json'], env);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((s) => s.id)).toContain('plaincms');
  });

  it('says so when a portal shows no report column, with the pages it looked at', { timeout: 120_000 }, async () => {
    const r = await runGongkai(['sites', 'add', 'http://www.plaincms.replica.invalid/xxgk/tzgg/', '--dry-run'], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^gongkai: no annual-report column found from http:\/\/www\.plaincms\.replica\.invalid\/xxgk\/tzgg\/ in \d+ requests \(looked at: http/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a URL that is not one is one clear line', async () => {
    const r = await runGongkai(['sites', 'add', 'ftp://x', '--dry-run'], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('gongkai: "ftp://x" is not an http(s) URL');
  });
});

describe('gongkai crawl --url', () => {
  it('discovers and crawls a portal not in the registry in one run, writing no row', { timeout: 240_000 }, async () => {
    const other = createTempHome('gongkai-crawl-url-');
    try {
      const r = await runGongkai(['crawl', '--url', 'http://www.nfdist.replica.invalid/', '--wait'], {
        ...env,
        GONGKAI_HOME: other.home,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('found nfcms: nfcms http://www.nfdist.replica.invalid/zwgk/zfxxgk/zfxxgknb/');
      const served = portals.site('nfdist').reports.length;
      // The summary row of the one-off site: its reports found and loaded.
      const line = r.stdout.split('\n').find((l) => /^url-/.test(l.trim()));
      expect(line, r.stdout).toBeDefined();
      expect(line).toMatch(new RegExp(`\\b${served}\\b`));
      expect(fs.existsSync(path.join(other.home, 'sites.yaml'))).toBe(false);
    } finally {
      other.remove();
    }
  });
});
