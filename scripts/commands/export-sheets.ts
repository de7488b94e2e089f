// `gongkai export` for spreadsheets: --agency/--region/--year filters, --labels zh (the template's Chinese names,
// CSV with a UTF-8 BOM), --format xlsx (one sheet per table). Registered on the store's export command.
import fs from 'node:fs';
import type { Db } from '../../db/db.js';
import { cellKeys, readViewFiltered } from '../../db/explorer.js';
import { type ExportableView, readView, viewColumns } from '../../db/queries.js';
import { columnLabels, sheetsOf, spreadsheetCsv, withKeyLabels, writeXlsx } from '../output/spreadsheet.js';

export interface SheetExportOptions {
  format: string;
  out?: string;
  agency?: string;
  region?: string;
  year?: number;
  labels?: string;
}

/** Whether the options ask for this exporter rather than the plain one. */
export const wantsSheetExport = (o: SheetExportOptions): boolean =>
  Boolean(o.agency || o.region || o.year || o.labels || o.format === 'xlsx');

export async function exportSheets(db: Db, view: ExportableView, o: SheetExportOptions): Promise<void> {
  if (o.labels !== undefined && o.labels !== 'zh') throw new Error(`--labels must be zh, not "${o.labels}"`);
  if (!['csv', 'json', 'xlsx'].includes(o.format))
    throw new Error(`--format must be csv or json (or xlsx with --out), not "${o.format}"`);
  if (o.format === 'xlsx' && !o.out) throw new Error('--format xlsx needs --out FILE.xlsx');
  const zh = o.labels === 'zh';
  const filtered = Boolean(o.agency || o.region || o.year);
  let rows = filtered
    ? await readViewFiltered(db, view, { agency: o.agency, region: o.region, year: o.year })
    : await readView(db, view);
  const keys = await cellKeys(db);
  if (zh) rows = withKeyLabels(rows, keys);
  const columns = columnLabels(view, rows.length > 0 ? Object.keys(rows[0]) : await viewColumns(db, view), keys, zh);
  if (o.format === 'xlsx' && o.out) {
    await writeXlsx(o.out, sheetsOf(view, columns, rows, zh));
  } else {
    const text =
      o.format === 'json'
        ? `${JSON.stringify(rows, null, 1)}\n`
        : zh
          ? spreadsheetCsv(columns, rows)
          : spreadsheetCsv(columns, rows).slice(1); // the BOM only for the labelled (spreadsheet) CSV
    if (o.out) fs.writeFileSync(o.out, text);
    else process.stdout.write(text);
  }
  if (o.out) console.error(`wrote ${rows.length} rows of ${view} to ${o.out}`);
}
