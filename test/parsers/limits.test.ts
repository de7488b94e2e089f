// Issue 12's limits, one by one: the inline (calling-thread) path cannot be crashed by attacks of its kind, numbers
// are never rounded or shifted (through the parser and the store), names with invisible characters key one agency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GongkaiStore, openStore } from '../../db/index.js';
import { parseDocument } from '../../parsers/index.js';
import type { ParseOutcome, Report } from '../../parsers/types.js';
import { PARSER_VERSION } from '../../parsers/version.js';
import { INLINE_MAX_BYTES, INLINE_MAX_TAGS, parsesInline } from '../../workers/parse-inline.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { goldenCase } from '../helpers/golden.js';
import { DIGITS_22, pingtanWithHugeCell, seedText, seedWith22Digits, seedWithBidiNames } from '../hostile/corpus.js';
import { measure } from '../hostile/measure.js';

const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
const tags = (x: string) => x.split('<').length - 1;
/** The unit repeated to just under the inline path's limits: its size and its count of tags. */
const fill = (unit: string, prefix = '', suffix = '') => {
  const bySize = Math.floor((INLINE_MAX_BYTES - 200 - Buffer.byteLength(prefix + suffix)) / Buffer.byteLength(unit));
  const byTags = tags(unit) ? Math.floor((INLINE_MAX_TAGS - 20 - tags(prefix + suffix)) / tags(unit)) : bySize;
  return prefix + unit.repeat(Math.min(bySize, byTags)) + suffix;
};

/** The worst small pages we know of, each just under the inline size: they parse on the worker's own thread. */
const INLINE_ATTACKS: { name: string; html?: string; text?: string }[] = [
  {
    name: 'span grid bomb',
    html: page(fill('<tr><td rowspan="65534" colspan="1000">1</td></tr>', '<table>', '</table>')),
  },
  { name: 'wide spans in one row', html: page(fill('<td colspan="200">1</td>', '<table><tr>', '</tr></table>')) },
  { name: 'tall rowspans', html: page(fill('<tr><td rowspan="99999">1</td><td>2</td></tr>', '<table>', '</table>')) },
  {
    name: 'just under the grid limit',
    html: page(fill('<tr><td colspan="200">1</td><td colspan="200">2</td></tr>', '<table>', '</table>')),
  },
  { name: 'many small tables', html: page(fill('<table><tr><td colspan="200">1</td></tr></table>')) },
  { name: 'nested tables', html: page(fill('<table><tr><td>', '', '1')) },
  { name: 'deep divs', html: page(fill('<div>', '', 'x')) },
  { name: 'entity storm', html: page(fill('&#0;&#x110000;&#99999999999999;&bogus;')) },
  { name: 'one-digit lines', text: fill('1\n') },
  { name: 'spaced digits', text: fill('1 ') },
  { name: 'tab-separated digits', text: fill('9\t') },
  { name: 'labels and values', text: fill('本年新收政府信息公开申请数量\t1\t2\t3\t4\t5\t6\t7\n') },
];

/** Generous (a loaded machine): a small page takes milliseconds; this catches a hang, not slowness. */
const INLINE_MAX_MS = 30_000;
const INLINE_MAX_GROWTH_MIB = 256;

describe('the inline path (small HTML and text on the calling thread)', () => {
  it('sends pages of more tags than INLINE_MAX_TAGS to a parser process', () => {
    const deep = Buffer.from(page('<div>'.repeat(INLINE_MAX_TAGS + 1)));
    expect(deep.length).toBeLessThan(INLINE_MAX_BYTES);
    expect(parsesInline({ bytes: deep, contentType: 'text/html' })).toBe(false);
  });

  for (const a of INLINE_ATTACKS) {
    it(`${a.name}: ends quickly, in bounded memory, as a report or a clear failure`, async () => {
      const bytes = Buffer.from(a.html ?? a.text!);
      const input = { bytes, contentType: a.html ? 'text/html' : 'text/plain' };
      expect(bytes.length).toBeLessThanOrEqual(INLINE_MAX_BYTES);
      expect(parsesInline(input)).toBe(true);
      const m = await measure(() => parseDocument(input));
      expect(m.ms).toBeLessThan(INLINE_MAX_MS);
      expect(m.peakGrowthMiB).toBeLessThan(INLINE_MAX_GROWTH_MIB);
      if (!m.value.ok) expect(['too_large', 'not_a_report', 'empty', 'unreadable']).toContain(m.value.error.code);
    });
  }

  it('the span grid bomb is refused before its grid is built', async () => {
    const html = page(`<table>${'<tr><td rowspan="65534" colspan="1000">1</td></tr>'.repeat(3000)}</table>`);
    const out = await parseDocument({ bytes: Buffer.from(html), contentType: 'text/html' });
    expect(out).toEqual({
      ok: false,
      error: { code: 'too_large', message: "an HTML table spans over 1000 columns (not a report's table)" },
    });
  });
});

function reportOf(o: ParseOutcome): Report {
  if (!o.ok) throw new Error(`${o.error.code}: ${o.error.message}`);
  return o.report;
}

describe('numbers never change', () => {
  it('a 22-digit cell is refused with an error finding: its row is null, never rounded', async () => {
    const r = reportOf(await parseDocument({ bytes: Buffer.from(seedWith22Digits()) }));
    expect(Object.values(r.requests!.new_received!).every((c) => c.value === null)).toBe(true);
    expect(r.findings).toContainEqual(
      expect.objectContaining({ rule: 'cell.unreadable', severity: 'error', table: 'requests', row: 'new_received' }),
    );
    // Every other row is as published.
    const clean = reportOf(await parseDocument({ bytes: Buffer.from(seedText()) }));
    const { new_received: _a, ...others } = r.requests!;
    const { new_received: _b, ...cleanOthers } = clean.requests!;
    expect(others).toEqual(cleanOthers);
  });

  it('numbers up to 2^53 are kept exactly; one digit more is refused', async () => {
    for (const [printed, exact] of [
      ['9007199254740991', true],
      ['9007199254740993', false],
      ['123456789012345.5', false],
      ['12345678901234.5', true],
    ] as const) {
      const text = seedText().replace(/(本年新收政府信息公开申请数量\t\t\d+\t)\d+/, `$1${printed}`);
      const r = reportOf(await parseDocument({ bytes: Buffer.from(text) }));
      const cell = r.requests!.new_received!.commercial!;
      if (exact) expect(String(cell.value)).toBe(printed);
      else expect(cell.value).toBeNull();
    }
  });

  it('a 5 MB cell of spaced digits nulls its row with an error finding; no value moves to another column', async () => {
    const r = reportOf(await parseDocument({ bytes: pingtanWithHugeCell(), contentType: 'text/html' }));
    const golden = goldenCase('pingtan-2023').golden;
    expect(Object.values(r.requests!.new_received!).every((c) => c.value === null)).toBe(true);
    expect(r.findings).toContainEqual(
      expect.objectContaining({ rule: 'cell.unreadable', severity: 'error', table: 'requests', row: 'new_received' }),
    );
    for (const [row, cols] of Object.entries(golden.requests as Record<string, Record<string, unknown>>)) {
      if (row === 'new_received') continue;
      for (const [col, v] of Object.entries(cols)) {
        const want = typeof v === 'object' && v !== null ? (v as { value: number }).value : v;
        expect(r.requests![row]![col]!.value, `${row}.${col}`).toBe(want);
      }
    }
  });
});

describe('names: invisible characters, one agency', () => {
  it('bidi overrides and zero-width characters are stripped from the agency and the title', async () => {
    const r = reportOf(await parseDocument({ bytes: Buffer.from(seedWithBidiNames()) }));
    const clean = reportOf(await parseDocument({ bytes: Buffer.from(seedText()) }));
    expect(r.agency).toBe(clean.agency);
    expect(r.title).toBe(clean.title);
    expect(/\p{Cf}/u.test(`${r.agency}${r.title}`)).toBe(false);
  });

  describe('through the store', () => {
    let db: TestDatabase;
    let store: GongkaiStore;
    beforeAll(async () => {
      db = await createTestDatabase('gongkai_limits');
      store = await openStore({ databaseUrl: db.url, home: '/nonexistent' });
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    async function load(bytes: Buffer, url: string, outcome: ParseOutcome, agencyHint?: string) {
      const saved = await store.saveDocument({
        bytes,
        contentType: 'text/plain',
        sourceUrl: url,
        fetchedAt: new Date(),
      });
      return store.loadReport(saved.documentId, outcome, { sourceUrl: url, parserVersion: PARSER_VERSION, agencyHint });
    }

    it('an agency spelled with format characters or compatibility forms keys the same agency', async () => {
      const bytes = Buffer.from(seedText());
      const plain = reportOf(await parseDocument({ bytes }));
      await load(bytes, 'http://a.example/1', { ok: true, report: plain, source: 'text' });
      // The same report under a name a caller (a hint, another parser) wrote with bidi overrides and a
      // compatibility ideograph: U+F9F1 is 隣's compatibility form, so a name using it must fold to U+96A3.
      const spoofed = { ...plain, agency: `\u202e${plain.agency}\u202c`, year: 2019 };
      await load(Buffer.from(`${seedText()} `), 'http://a.example/2', { ok: true, report: spoofed, source: 'text' });
      const compat = { ...plain, agency: '\uF9F1里区人民政府', year: 2020 };
      await load(Buffer.from(`${seedText()}  `), 'http://a.example/3', { ok: true, report: compat, source: 'text' });
      const names = await store.db.query<{ name: string }>('SELECT name FROM agencies ORDER BY name');
      expect(names.map((n) => n.name).sort()).toEqual([plain.agency, '\u96A3里区人民政府'].sort());
    });

    it('a refused 22-digit cell is stored as null, never as a rounded number', async () => {
      const bytes = Buffer.from(seedWith22Digits());
      const out = await parseDocument({ bytes });
      const loaded = await load(bytes, 'http://a.example/22', out);
      expect(loaded.status).not.toBe('failed');
      const rows = await store.db.query<{ value: string | null; raw: string }>(
        `SELECT c.value::text AS value, c.raw FROM cells c JOIN cell_keys k ON k.id = c.key_id
          WHERE c.revision_id = $1 AND k.table_name = 'requests' AND k.row_key = 'new_received'`,
        [(loaded as { revisionId: number }).revisionId],
      );
      expect(rows.length).toBe(7);
      expect(rows.every((r) => r.value === null)).toBe(true);
      const big = await store.db.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM cells WHERE value >= 9007199254740992 OR raw LIKE '%' || $1 || '%'",
        [DIGITS_22.slice(0, 10)],
      );
      expect(big[0]!.n).toBe('0');
    });
  });
});
