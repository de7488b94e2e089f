// HTML → DocModel with cheerio: find the report inside a portal page, tables as true grids (rowspan/colspan
// expanded, covered slots '' and marked spanned, empty cells kept), paragraphs as text blocks.
// htmlparser2 (cheerio/slim): forgiving of portal markup and several times faster than parse5.
import { load } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { DocumentError } from '../errors.js';
import type { Block, DocModel, TableBlock } from '../types.js';
import { textToDocModel } from './text.js';

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'iframe',
  'select',
  'button',
  'svg',
  'object',
  'textarea',
  'input',
]);
const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'section',
  'article',
  'blockquote',
  'pre',
  'dl',
  'dt',
  'dd',
  'header',
  'footer',
  'center',
  'form',
  'tr',
  'td',
  'th',
  'tbody',
  'thead',
  'tfoot',
  'caption',
  'hr',
  'main',
  'nav',
  'aside',
  'figure',
  'figcaption',
  'address',
]);
/** Words only the report's own tables contain. */
const REPORT_TABLE_WORDS =
  /本年新收|本年制发|本年新制作|行政复议|第二十条|处理决定数量|结果维持|本年度办理结果|本年處理|本年新收|結果維持|行政復議/;
const MAX_SPAN = 200;
/** A report's table is a few dozen rows by a dozen columns. A grid is measured (rows × columns after spans) before
 *  it is built, and one larger than these is refused: 3,000 rows of rowspan=65534 colspan=1000 would otherwise be
 *  a grid of billions of slots from 140 KB of markup. */
export const MAX_GRID_COLUMNS = 1000;
export const MAX_GRID_CELLS = 500_000;
/** All the tables of one page together. */
export const MAX_PAGE_GRID_CELLS = 2_000_000;
/** Real pages nest a few dozen levels; the walks below recurse, so a hostile page is refused before them. */
const MAX_DEPTH = 1500;

const isElement = (n: AnyNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

function joinPieces(pieces: string[]): string {
  let out = '';
  for (const raw of pieces) {
    const p = raw.replace(/\s+/g, ' ').trim();
    if (!p) continue;
    if (out && /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(p)) out += ' ';
    out += p;
  }
  return out;
}

/** A cell's text: pieces split by <p>, <div>, <br> are joined (商业 / 企业 → 商业企业). */
function cellText(cell: Element): string {
  const pieces: string[] = [];
  let cur = '';
  const visit = (n: AnyNode) => {
    if (n.type === 'text') {
      cur += (n as unknown as { data: string }).data;
      return;
    }
    if (!isElement(n) || SKIP.has(n.name)) return;
    const block = BLOCK.has(n.name) || n.name === 'br';
    if (block) {
      pieces.push(cur);
      cur = '';
    }
    for (const c of n.children) visit(c);
    if (block) {
      pieces.push(cur);
      cur = '';
    }
  };
  for (const c of cell.children) visit(c);
  pieces.push(cur);
  return joinPieces(pieces);
}

function directRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const c of table.children) {
    if (!isElement(c)) continue;
    if (c.name === 'tr') rows.push(c);
    else if (c.name === 'tbody' || c.name === 'thead' || c.name === 'tfoot') {
      for (const r of c.children) if (isElement(r) && r.name === 'tr') rows.push(r);
    }
  }
  return rows;
}

function spanOf(el: Element, attr: string): number {
  const n = Number.parseInt(el.attribs[attr] ?? '1', 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, MAX_SPAN) : 1;
}

function gridTooLarge(what: string): DocumentError {
  return new DocumentError('too_large', `${what} (not a report's table)`);
}

/** Rows × columns the table's grid will have after spans, measured with one counter per column (no grid built);
 *  refused as soon as it is over the limits. */
export function gridSize(trs: Element[]): { rows: number; columns: number } {
  const busyUntil: number[] = []; // per column: the first row no earlier rowspan covers
  let width = 0;
  trs.forEach((tr, r) => {
    let c = 0;
    for (const cell of tr.children) {
      if (!isElement(cell) || (cell.name !== 'td' && cell.name !== 'th')) continue;
      while ((busyUntil[c] ?? 0) > r) c++;
      const rs = Math.min(spanOf(cell, 'rowspan'), trs.length - r);
      const cs = spanOf(cell, 'colspan');
      if (c + cs > MAX_GRID_COLUMNS) throw gridTooLarge(`an HTML table spans over ${MAX_GRID_COLUMNS} columns`);
      for (let dc = 0; dc < cs; dc++) busyUntil[c + dc] = r + rs;
      c += cs;
    }
    width = Math.max(width, c);
    if (width * (r + 1) > MAX_GRID_CELLS)
      throw gridTooLarge(`an HTML table has over ${MAX_GRID_CELLS} cells after its spans`);
  });
  return { rows: trs.length, columns: Math.max(width, busyUntil.length) };
}

/** rowspan/colspan expanded into a rectangle; covered and missing slots are '' with spanned = true. Throws
 *  too_large, before building anything, for a grid over MAX_GRID_COLUMNS or MAX_GRID_CELLS. */
export function tableToGrid(table: Element): TableBlock {
  const trs = directRows(table);
  const size = gridSize(trs);
  if (size.rows * size.columns > MAX_GRID_CELLS)
    throw gridTooLarge(`an HTML table has over ${MAX_GRID_CELLS} cells after its spans`);
  const rows: string[][] = trs.map(() => []);
  const spanned: boolean[][] = trs.map(() => []);
  trs.forEach((tr, r) => {
    let c = 0;
    for (const cell of tr.children) {
      if (!isElement(cell) || (cell.name !== 'td' && cell.name !== 'th')) continue;
      while (spanned[r]![c] !== undefined) c++;
      const rs = Math.min(spanOf(cell, 'rowspan'), trs.length - r);
      const cs = spanOf(cell, 'colspan');
      const text = cellText(cell);
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs; dc++) {
          const first = dr === 0 && dc === 0;
          rows[r + dr]![c + dc] = first ? text : '';
          spanned[r + dr]![c + dc] = !first;
        }
      }
      c += cs;
    }
  });
  const width = Math.max(0, ...rows.map((r) => r.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) {
      if (spanned[r]![c] === undefined) {
        row[c] = '';
        spanned[r]![c] = true;
      }
    }
  });
  return { kind: 'table', rows, spanned };
}

function textOf(n: AnyNode): string {
  if (n.type === 'text') return (n as unknown as { data: string }).data;
  if (!isElement(n) || SKIP.has(n.name)) return '';
  let s = '';
  for (const c of n.children) s += textOf(c);
  return s;
}

function ancestors(n: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (let p: AnyNode | null = n; p; p = p.parent) out.push(p);
  return out.reverse();
}

/** What one pass over the DOM finds: leaf tables (no table inside), <meta>, <title>, <body>. */
interface Scan {
  leafTables: Element[];
  metas: Element[];
  title?: Element;
  body?: Element;
}

function scan(root: AnyNode): Scan {
  const out: Scan = { leafTables: [], metas: [] };
  const visit = (n: AnyNode): boolean => {
    if (!isElement(n)) {
      let has = false;
      if (n.type === 'root') for (const c of (n as unknown as { children: AnyNode[] }).children) has = visit(c) || has;
      return has;
    }
    if (n.name === 'script' || n.name === 'style') return false;
    if (n.name === 'meta') out.metas.push(n);
    else if (n.name === 'title') out.title ??= n;
    else if (n.name === 'body') out.body ??= n;
    let hasTable = false;
    for (const c of n.children) if (visit(c)) hasTable = true;
    if (n.name === 'table') {
      if (!hasTable) out.leafTables.push(n);
      return true;
    }
    return hasTable;
  };
  visit(root);
  return out;
}

/** The element holding the report: the lowest common ancestor of the tables that look like the report's own. */
function reportRoot(docRoot: AnyNode, s: Scan, grids: Map<Element, TableBlock>): AnyNode {
  const body: AnyNode = s.body ?? docRoot;
  let cells = 0;
  const tables = s.leafTables.filter((t) => {
    const g = tableToGrid(t);
    cells += g.rows.length * (g.rows[0]?.length ?? 0);
    if (cells > MAX_PAGE_GRID_CELLS)
      throw gridTooLarge(`the HTML tables of the page have over ${MAX_PAGE_GRID_CELLS} cells`);
    grids.set(t, g);
    return REPORT_TABLE_WORDS.test(g.rows.map((r) => r.join('')).join(''));
  });
  if (tables.length === 0) return body;
  const paths = tables.map(ancestors);
  let depth = 0;
  while (paths.every((p) => p[depth] !== undefined && p[depth] === paths[0]![depth])) depth++;
  let root = paths[0]![depth - 1] ?? body;
  if (isElement(root) && root.name === 'table' && root.parent) root = root.parent;
  // A single table's container may hold only the table: widen until the headings around it are included.
  for (let i = 0; i < 3 && tables.length < 3 && root !== body && root.parent; i++) {
    if (/主动公开|年度报告|收到和处理|主動公開|年度報告/.test(textOf(root).replace(/\s+/g, ''))) break;
    root = root.parent;
  }
  return root;
}

function metaMap(metas: Element[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of metas) {
    const name = (m.attribs.name ?? m.attribs.property ?? '').toLowerCase();
    const content = m.attribs.content;
    if (name && content && !map.has(name)) map.set(name, content.trim());
  }
  return map;
}

/** The deepest element nesting, counted without recursion (stops counting past `limit`). */
function nestingDepth(root: AnyNode, limit: number): number {
  let max = 0;
  const stack: [AnyNode, number][] = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > limit) return max;
    const children = (n as unknown as { children?: AnyNode[] }).children;
    if (children) for (const c of children) stack.push([c, d + 1]);
  }
  return max;
}

export function htmlToDocModel(html: string): DocModel {
  const docRoot = load(html).root()[0]!;
  if (nestingDepth(docRoot, MAX_DEPTH) > MAX_DEPTH) {
    throw new DocumentError('too_large', `HTML elements nested over ${MAX_DEPTH} levels deep (not a report page)`);
  }
  const found = scan(docRoot);
  const leaf = new Set(found.leafTables);
  const grids = new Map<Element, TableBlock>();
  const root = reportRoot(docRoot, found, grids);
  const meta = metaMap(found.metas);
  const blocks: Block[] = [];
  let line = '';
  const flush = () => {
    const t = line.replace(/\s+/g, ' ').trim();
    if (t) blocks.push({ kind: 'text', text: t });
    line = '';
  };
  const walk = (n: AnyNode) => {
    if (n.type === 'text') {
      line += (n as unknown as { data: string }).data;
      return;
    }
    if (!isElement(n)) {
      if (n.type === 'root') for (const c of (n as unknown as { children: AnyNode[] }).children) walk(c);
      return;
    }
    if (SKIP.has(n.name)) return;
    if (n.name === 'br') return flush();
    if (n.name === 'pre' || n.name === 'xmp' || n.name === 'plaintext') {
      // Preformatted text keeps its lines and tabs: read it as a text document.
      flush();
      blocks.push(...textToDocModel(textOf(n)).blocks);
      return;
    }
    if (n.name === 'table' && leaf.has(n)) {
      flush();
      const grid = grids.get(n) ?? tableToGrid(n);
      if (grid.rows.length) blocks.push(grid);
      return;
    }
    const block = BLOCK.has(n.name) || n.name === 'table';
    if (block) flush();
    for (const c of n.children) walk(c);
    if (block) flush();
  };
  walk(root);
  flush();
  const titleText = found.title ? textOf(found.title).trim() : '';
  const title = meta.get('articletitle') ?? meta.get('og:title') ?? (titleText || undefined);
  const publishedDate =
    meta.get('pubdate') ??
    meta.get('publishdate') ??
    meta.get('firstpublishedtime') ??
    meta.get('dc.date') ??
    undefined;
  const model: DocModel = { source: 'html', blocks };
  if (title) model.title = title;
  if (publishedDate) model.publishedDate = publishedDate;
  return model;
}
