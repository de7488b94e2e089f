// gongkai export for spreadsheets: --agency/--region/--year filters, --labels zh (Chinese header and key names, CSV
// with a UTF-8 BOM), --format xlsx (one sheet per table, numbers as numbers), on an embedded store of two seeds.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCellValue } from '../../parsers/json.js';
import { type CliRun, runGongkai } from '../helpers/cli.js';
import { createTempHome, type TempHome } from '../helpers/db.js';
import { loadGoldens } from '../helpers/golden.js';

// Two seeds of different years (2023, 2020), so --year picks one.
const seeds = loadGoldens().filter((g) => g.name === '000_9a0889932f31a8f7' || g.name === '004_2e72bb84fb1e0d34');
let home: TempHome;
const gongkai = (args: string[]): Promise<CliRun> =>
  runGongkai(args, { DATABASE_URL: undefined, GONGKAI_HOME: home.home });

beforeAll(async () => {
  home = createTempHome('gongkai-export-sheets-');
  const res = await gongkai(['ingest', ...seeds.map((s) => s.sourcePath)]);
  expect(res.code, res.stderr).toBe(0);
}, 180_000);
afterAll(() => home?.remove());

describe('gongkai export for spreadsheets', () => {
  it('--agency --labels zh: a CSV with a BOM, Chinese header and key names, only that agency', async () => {
    const seed = seeds[0];
    const agency = String(seed.golden.agency);
    const out = path.join(home.home, 'cells.csv');
    const res = await gongkai(['export', '--view', 'report_cells', '--agency', agency, '--labels', 'zh', '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 8)).toEqual(['机关', '年份', '表', '行', '列', '项目', '栏目', '数值']);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set([agency]));
    const received = rows.find((r) => r[2] === 'requests' && r[3] === 'new_received' && r[4] === 'total');
    expect(received?.slice(5, 8)).toEqual([
      '本年新收政府信息公开申请数量',
      '总计',
      String(jsonCellValue(seed.golden.requests?.new_received.total)),
    ]);
  }, 180_000);

  it('--format xlsx: one sheet per table, numbers as numbers; --year filters', async () => {
    const seed = seeds[1];
    const out = path.join(home.home, 'cells.xlsx');
    const res = await gongkai([
      'export',
      '--view',
      'report_cells',
      '--year',
      String(seed.golden.year),
      '--labels',
      'zh',
      '--format',
      'xlsx',
      '--out',
      out,
    ]);
    expect(res.code, res.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets.map((w) => w.name).sort()).toEqual(['主动公开', '依申请公开', '复议诉讼'].sort());
    const ws = book.getWorksheet('依申请公开');
    expect(ws?.getRow(1).getCell(1).value).toBe('机关');
    let found = false;
    ws?.eachRow((row, i) => {
      if (i === 1) return;
      expect(row.getCell(2).value).toBe(seed.golden.year);
      if (row.getCell(4).value === 'new_received' && row.getCell(5).value === 'total') {
        expect(row.getCell(8).value).toBe(jsonCellValue(seed.golden.requests?.new_received.total));
        found = true;
      }
    });
    expect(found).toBe(true);
    expect(seeds.map((x) => x.golden.year)).toEqual([2023, 2020]);
    const bad = await gongkai(['export', '--view', 'report_cells', '--format', 'xlsx']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('gongkai: --format xlsx needs --out FILE.xlsx');
  }, 180_000);
});
