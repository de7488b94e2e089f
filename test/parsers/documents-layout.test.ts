// The PDF layout steps on drawn pages: ruling lines → cells, tables joined across pages, labels stacked one
// character per line, wrapped labels, page numbers, paragraphs. Pages are built from coordinates, as pdf.js
// reports them (y grows upwards, baselines).
import { describe, expect, it } from 'vitest';
import type { PlacedText, Ruling } from '../../parsers/pdf/geometry.js';
import { layoutPages, type PageContent } from '../../parsers/pdf/layout.js';
import { isPageNumber } from '../../parsers/pdf/lines.js';
import { type OpCodes, readRulings } from '../../parsers/pdf/rulings.js';
import type { TableBlock } from '../../parsers/types.js';

/** Every border of a grid with column edges xs and row edges ys (top first). */
function grid(xs: number[], ys: number[]): Ruling[] {
  const left = xs[0]!,
    right = xs[xs.length - 1]!,
    top = ys[0]!,
    bottom = ys[ys.length - 1]!;
  return [
    ...ys.map((y) => ({ horizontal: true, at: y, from: left, to: right })),
    ...xs.map((x) => ({ horizontal: false, at: x, from: bottom, to: top })),
  ];
}

const t = (str: string, x: number, y: number, size = 10): PlacedText => ({
  str,
  x,
  y,
  width: str.length * size * (/^[\x00-\x7f]+$/.test(str) ? 0.5 : 1),
  size,
});
const page = (texts: PlacedText[], rulings: Ruling[]): PageContent => ({ top: 842, bottom: 0, texts, rulings });
const tables = (blocks: ReturnType<typeof layoutPages>) => blocks.filter((b): b is TableBlock => b.kind === 'table');

describe('tables across pages', () => {
  // Two columns of labels (group, item) and one of numbers. Page 1 ends inside group （四）; page 2 repeats the
  // header row, leaves the group cell empty, and a page number sits between the two parts.
  const xs = [50, 150, 350, 450];
  const page1 = page(
    [
      t('二、主要情况', 60, 780, 14),
      t('项目', 60, 735),
      t('数量', 360, 735),
      t('（四）无法提供', 60, 705),
      t('1.本机关不掌握', 160, 705),
      t('10', 360, 705),
      t('2.没有现成信息', 160, 685),
      t('3', 360, 685),
      t('-3-', 290, 40, 12),
    ],
    [
      ...grid(xs, [750, 720, 700, 680]).filter((r) => !(r.horizontal && r.at === 700 && r.from === 50)),
      { horizontal: true, at: 700, from: 150, to: 450 },
    ],
  );
  // the group label cell (50–150) spans rows 720–680: no border at 700 on its left part
  const page2 = page(
    [
      t('项目', 60, 775),
      t('数量', 360, 775),
      t('3.补正后仍不明确', 160, 745),
      t('0', 360, 745),
      t('（五）不予处理', 60, 725),
      t('1.信访举报', 160, 725),
      t('1', 360, 725),
    ],
    grid(xs, [790, 760, 740, 720]),
  );

  const blocks = layoutPages([page1, page2]);

  it('are one table: the repeated header is dropped, the page number is not in it', () => {
    const [table] = tables(blocks);
    expect(tables(blocks)).toHaveLength(1);
    const texts = table!.rows.map((r) => r.join('|'));
    expect(texts.filter((r) => r.startsWith('项目'))).toHaveLength(1);
    expect(texts.join('\n')).not.toContain('-3-');
    expect(blocks.some((b) => b.kind === 'text' && b.text.includes('-3-'))).toBe(false);
    expect(table!.rows.map((r) => r.filter((c) => c !== '').join('|'))).toEqual([
      '项目|数量',
      '（四）无法提供|1.本机关不掌握|10',
      '2.没有现成信息|3',
      '3.补正后仍不明确|0',
      '（五）不予处理|1.信访举报|1',
    ]);
  });

  it('the group label left empty at the top of the new page is the same cell: spanned, not a blank label', () => {
    const [table] = tables(blocks);
    const row = table!.rows.findIndex((r) => r.includes('3.补正后仍不明确'));
    expect(table!.spanned?.[row]?.[0]).toBe(true);
  });
});

describe('a long table', () => {
  it('over 30 pages, each repeating the header: one table, the header once, every row in order', () => {
    const xs = [50, 200, 300];
    const ys = Array.from({ length: 12 }, (_, i) => 800 - i * 20);
    const pages = Array.from({ length: 30 }, (_, p) =>
      page(
        [
          t('项目', 60, 785),
          t('数量', 210, 785),
          ...Array.from({ length: 10 }, (_, r) => [
            t(`第${p * 10 + r}行`, 60, ys[r + 1]! - 15),
            t(String(p * 10 + r), 210, ys[r + 1]! - 15),
          ]).flat(),
          t(`-${p + 1}-`, 290, 40, 12),
        ],
        grid(xs, ys),
      ),
    );
    const found = tables(layoutPages(pages));
    expect(found).toHaveLength(1);
    const rows = found[0]!.rows;
    expect(rows).toHaveLength(301);
    expect(rows[0]).toEqual(['项目', '数量']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(Array.from({ length: 300 }, (_, i) => String(i)));
  });
});

describe('cells', () => {
  it('a label printed one character per line reads as one word; a wrapped label as one label in its row', () => {
    const xs = [50, 100, 300, 400];
    const texts = [
      // the group label, stacked vertically in a cell that spans both rows
      t('三', 70, 740),
      t('、', 70, 728),
      t('本', 70, 716),
      t('年', 70, 704),
      // a long item label over two lines; its number is centred in the row, between the two lines
      t('（二）部分公开（区分处理的，只计这一', 105, 745, 9),
      t('情形）', 105, 733, 9),
      t('4', 340, 739),
      t('（三）不予公开', 105, 710),
      t('0', 340, 710),
    ];
    const rulings = [
      ...grid(xs, [760, 722, 695]).filter((r) => !(r.horizontal && r.at === 722)),
      { horizontal: true, at: 722, from: 100, to: 400 },
    ];
    const [table] = tables(layoutPages([page(texts, rulings)]));
    expect(table!.rows).toEqual([
      ['三、本年', '（二）部分公开（区分处理的，只计这一情形）', '4'],
      ['', '（三）不予公开', '0'],
    ]);
    expect(table!.spanned).toEqual([
      [false, false, false],
      [true, false, false],
    ]);
  });

  it('large numbers and decimals split into pieces stay whole; a piece over two cells is split between them', () => {
    const xs = [50, 150, 250];
    // one pdf.js item "12 34" runs over the border at x = 150 between two number cells
    const texts = [t('行政事业性收费', 55, 705), t('7730', 160, 705), t('.28', 180, 705), t('12 34', 135, 685)];
    const [table] = tables(layoutPages([page(texts, grid(xs, [720, 695, 675]))]));
    expect(table!.rows).toEqual([
      ['行政事业性收费', '7730.28'],
      ['12', '34'],
    ]);
  });
});

describe('text', () => {
  it('page numbers in the margins are dropped; wrapped lines are joined into paragraphs; headings stay apart', () => {
    const body = (s: string, y: number, x = 74) => t(s, x, y, 16);
    const p1 = page(
      [
        body('一、总体情况', 700, 106),
        body('2023年，本机关共受理政府信息公开申请', 670, 106),
        body('21件，均在法定期限内答复。', 642),
        t('- 1 -', 280, 40, 12),
      ],
      [],
    );
    // make the first body line run to the right margin
    p1.texts[1]!.width = 520 - 106;
    const blocks = layoutPages([p1]);
    expect(blocks).toEqual([
      { kind: 'text', text: '一、总体情况' },
      { kind: 'text', text: '2023年，本机关共受理政府信息公开申请21件，均在法定期限内答复。' },
    ]);
  });

  it('a table printed without ruling lines: columns where the numbers stand, a wrapped label kept with its row', () => {
    const texts = [
      t('信息内容', 60, 700),
      t('本年制发件数', 200, 700),
      t('本年废止件数', 300, 700),
      t('现行有效件数', 400, 700),
      t('规章', 60, 680),
      t('0', 230, 680),
      t('0', 330, 680),
      t('0', 430, 680),
      t('行政规范性文件', 60, 660),
      t('10', 228, 660),
      t('/', 330, 660),
      t('27', 428, 660),
      // a label over two lines, its numbers between them
      t('（二）部分公开（区分处理的，只计这一', 60, 646),
      t('4', 230, 640),
      t('0', 330, 640),
      t('4', 430, 640),
      t('情形）', 60, 634),
      t('- 2 -', 280, 40, 12),
    ];
    expect(layoutPages([page(texts, [])])).toEqual([
      {
        kind: 'table',
        rows: [
          ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
          ['规章', '0', '0', '0'],
          ['行政规范性文件', '10', '/', '27'],
          ['（二）部分公开（区分处理的，只计这一情形）', '4', '0', '4'],
        ],
      },
    ]);
  });

  it('a single line of values is not a table: it reaches the text front end with tabs between the values', () => {
    // two values about one (full-width) character apart are still two columns
    const texts = [t('合计', 60, 640), t('1', 230, 640), t('2', 245, 640), t('3', 300, 640)];
    expect(layoutPages([page(texts, [])])).toEqual([{ kind: 'text', text: '合计\t1\t2\t3' }]);
  });

  it('knows page numbers', () => {
    for (const s of ['-3-', '- 3 -', '—3—', '3', '第3页', '第 3 页 共 5 页', '3/5']) expect(isPageNumber(s)).toBe(true);
    for (const s of ['3.其他', '一、总体情况', '2023年', '21件']) expect(isPageNumber(s)).toBe(false);
  });
});

describe('ruling lines from the operator list', () => {
  const ops: OpCodes = {
    save: 10,
    restore: 11,
    transform: 12,
    constructPath: 91,
    moveTo: 13,
    lineTo: 14,
    curveTo: 15,
    curveTo2: 16,
    curveTo3: 17,
    closePath: 18,
    rectangle: 19,
    stroke: 20,
    closeStroke: 21,
    fill: 22,
    eoFill: 23,
    fillStroke: 24,
    eoFillStroke: 25,
    closeFillStroke: 26,
    closeEOFillStroke: 27,
    endPath: 28,
  };

  it('thin filled rectangles (WPS, Word) and stroked lines are borders; shading, curves and clips are not', () => {
    const fn = [
      ops.save,
      ops.transform,
      ops.constructPath,
      ops.eoFill,
      ops.constructPath,
      ops.stroke,
      ops.constructPath,
      ops.fill,
      ops.constructPath,
      ops.endPath,
      ops.restore,
      ops.constructPath,
      ops.stroke,
    ];
    const args = [
      null,
      [1, 0, 0, -1, 0, 842], // the page's flip: y down
      [[ops.rectangle], [50, 100, 400, 0.5]], // a thin filled bar: horizontal border at y = 842 - 100.25
      null,
      [
        [ops.moveTo, ops.lineTo],
        [50, 100, 50, 300],
      ], // a stroked vertical line
      null,
      [[ops.rectangle], [60, 110, 100, 50]], // cell shading
      null,
      [[ops.rectangle], [0, 0, 595, 842]], // a clip
      null,
      null,
      [
        [ops.moveTo, ops.curveTo],
        [10, 10, 20, 20, 30, 30, 40, 40],
      ],
      null,
    ];
    const rulings = readRulings(fn, args, ops);
    expect(rulings).toHaveLength(2);
    expect(rulings[0]).toMatchObject({ horizontal: true, from: 50, to: 450 });
    expect(rulings[0]!.at).toBeCloseTo(741.75);
    expect(rulings[1]).toEqual({ horizontal: false, at: 50, from: 542, to: 742 });
  });
});
