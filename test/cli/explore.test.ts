// The browsing commands (agencies, reports, show) and serve's argument errors, spawned as a user runs them, on an
// embedded store filled by `gongkai ingest` of the seed reports.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCellValue } from '../../parsers/json.js';
import { type CliRun, ROOT, runGongkai } from '../helpers/cli.js';
import { createTempHome, type TempHome } from '../helpers/db.js';
import { loadGoldens } from '../helpers/golden.js';

const seeds = loadGoldens().filter((g) => g.set === 'seed');
let home: TempHome;

function gongkai(args: string[]): Promise<CliRun> {
  return runGongkai(args, { DATABASE_URL: undefined, GONGKAI_HOME: home.home });
}

beforeAll(async () => {
  home = createTempHome('gongkai-explore-cli-');
  const files = fs
    .readdirSync(path.join(ROOT, 'test/fixtures/seeds'))
    .map((f) => path.join(ROOT, 'test/fixtures/seeds', f));
  const res = await gongkai(['ingest', ...files]);
  expect(res.code, res.stderr).toBe(0);
}, 180_000);

afterAll(() => home?.remove());

describe('gongkai agencies / reports / show', () => {
  it('agencies --search finds by a name fragment, with the years available', async () => {
    const res = await gongkai(['agencies', '--search', '南山', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.items).toEqual([{ agency: '深圳市南山区人民政府', region: null, years: [2023] }]);
    const none = await gongkai(['agencies', '--search', '不存在的地方']);
    expect(none.stdout.trim()).toBe('no agencies found');
  }, 180_000);

  it('reports lists every stored report; --year filters', async () => {
    const all = await gongkai(['reports', '--json']);
    expect(JSON.parse(all.stdout).total).toBe(seeds.length);
    const y2020 = JSON.parse((await gongkai(['reports', '--year', '2020', '--json'])).stdout);
    expect(y2020.items.map((r: { agency: string }) => r.agency)).toEqual(
      seeds.filter((s) => s.golden.year === 2020).map((s) => s.golden.agency),
    );
    const bad = await gongkai(['reports', '--year', '20x0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/four-digit year/);
  }, 180_000);

  it('show prints the tables with their Chinese labels and saves the stored original', async () => {
    const seed = seeds[0];
    const agency = String(seed.golden.agency);
    const file = path.join(home.home, 'original.txt');
    const res = await gongkai(['show', agency, String(seed.golden.year), '--save', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('本年新收政府信息公开申请数量 总计');
    expect(fs.readFileSync(file)).toEqual(fs.readFileSync(seed.sourcePath));

    const json = JSON.parse((await gongkai(['show', agency, String(seed.golden.year), '--json'])).stdout);
    const cell = json.requests.new_received.total;
    expect(typeof cell === 'number' ? cell : cell.value).toBe(jsonCellValue(seed.golden.requests?.new_received.total));
    expect(json.provenance.document.source_url).toMatch(/^file:/);

    const missing = await gongkai(['show', agency, '1999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^gongkai: no report of ".*" for 1999 is stored/);
  }, 180_000);

  it('serve refuses a bad port with one line', async () => {
    const res = await gongkai(['serve', '--port', 'http']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/port number/);
  }, 180_000);
});
