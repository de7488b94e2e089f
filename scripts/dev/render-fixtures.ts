// Render the five seed reports to DOCX, PDF and DOC (and the error fixtures) under test/fixtures/generated/,
// so that the document tests need no LibreOffice. Run: npx tsx scripts/dev/render-fixtures.ts
//
// Needs LibreOffice (soffice), a CJK font (fonts-noto-cjk), qpdf, zip/unzip and pdftoppm (poppler-utils).
// 2021-format seeds fill the real national template (test/fixtures/realdata/template-2021-blank.docx); the
// 2019-format seed is built as HTML tables and converted to DOCX by LibreOffice. Cell values are the golden
// values (the golden files stay the truth); zeros are written "/" where the seed writes blanks that way.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter } from 'opencc-js';
import { hasTraditional } from '../../parsers/normalize/chinese.js';
import { REQUEST_COLUMNS, REVIEW_COLUMNS as REVIEW_FIELDS, REVIEW_GROUPS, requestRows } from '../../parsers/schema.js';

const REQUEST_ROWS_2021 = requestRows(true);
const REQUEST_ROWS_2019 = requestRows(false);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const OUT = join(FIXTURES, 'generated');
const TEMPLATE = join(FIXTURES, 'realdata', 'template-2021-blank.docx');

type GoldenTable = Record<string, Record<string, number | { value: number | null; raw?: string } | null>> | null;
interface Golden {
  source: string;
  format: '2019' | '2021';
  active: GoldenTable;
  requests: GoldenTable;
  review: GoldenTable;
}

/** Raw texts the seeds print that are more than the number (the golden value is the number). */
const RAW_OVERRIDES: Record<string, Record<string, string>> = {
  '000_9a0889932f31a8f7': { 'requests.other.other.total': '92(含撤销件)' },
};

function run(cmd: string, args: string[], cwd?: string): void {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The seed's narrative: the lines before part 二 and from part 五 on (parts 二–四 are the tables). */
function narrative(seed: string): { before: string[]; after: string[] } {
  const lines = seed.split(/\r?\n/).map((l) => l.replace(/^\s*#+\s*/, '').trim());
  const start = lines.findIndex((l) => /^二、\s*主\s*[动動]\s*公\s*[开開]/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^五、\s*存\s*在/.test(l));
  if (start < 0 || end < 0) throw new Error('seed without parts 二 and 五');
  const keep = (l: string) => l !== '' && !l.includes('\t');
  return { before: lines.slice(0, start).filter(keep), after: lines.slice(end).filter(keep) };
}

function cellText(
  name: string,
  golden: Golden,
  table: 'active' | 'requests' | 'review',
  row: string,
  col: string,
  blank: string,
): string {
  const override = RAW_OVERRIDES[name]?.[`${table}.${row}.${col}`];
  if (override) return override;
  const t = golden[table];
  if (!t) return '';
  const cell = t[row]?.[col];
  if (cell === undefined) throw new Error(`${name}: golden has no ${table}.${row}.${col}`);
  const value = typeof cell === 'number' ? cell : (cell?.value ?? null);
  if (value === null) return '';
  if (table === 'active' && col === 'change') return value > 0 ? `+${value}` : String(value);
  if (table === 'active' && col === 'amount_yuan') return `${value}元`;
  return value === 0 ? blank : String(value);
}

// ---------------------------------------------------------------------------------------------------------
// 2021 format: fill the national template's Word XML.

const PARAGRAPH = (text: string) =>
  `<w:p><w:pPr><w:spacing w:line="360" w:lineRule="auto"/><w:ind w:firstLineChars="200" w:firstLine="480"/></w:pPr>` +
  `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
const HEADING = (text: string) =>
  `<w:p><w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:b/><w:sz w:val="28"/></w:rPr><w:t>${escapeXml(text)}</w:t></w:r></w:p>`;
const TITLE = (text: string) =>
  `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:b/><w:sz w:val="36"/></w:rPr><w:t>${escapeXml(text)}</w:t></w:r></w:p>`;

/** Put `text` as the only run of the first paragraph of a <w:tc>, keeping the paragraph's properties. */
function setCell(tc: string, text: string): string {
  return tc.replace(/(<w:p[ >][\s\S]*?)(<\/w:p>)/, (_m, p: string, close: string) => {
    const kept = p.replace(/<w:r[ >][\s\S]*?<\/w:r>/g, '').replace(/<w:r\/>/g, '');
    const run = text
      ? `<w:r><w:rPr><w:sz w:val="21"/></w:rPr><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`
      : '';
    return `${kept}${run}${close}`;
  });
}

/** Fill the last `values.length` cells of row `index` of a <w:tbl>. */
function fillRow(table: string, index: number, values: string[]): string {
  let i = -1;
  return table.replace(/<w:tr[ >][\s\S]*?<\/w:tr>/g, (tr) => {
    i++;
    if (i !== index) return tr;
    const cells = [...tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)];
    const targets = cells.slice(cells.length - values.length);
    if (targets.length !== values.length) throw new Error(`template row ${index} has too few cells`);
    let out = tr;
    targets.reverse().forEach((m, k) => {
      const value = values[values.length - 1 - k]!;
      out = out.slice(0, m.index) + setCell(m[0], value) + out.slice(m.index! + m[0].length);
    });
    return out;
  });
}

function fill2021(name: string, golden: Golden, seed: string, blank: string, work: string): string {
  const dir = join(work, 'template');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run('unzip', ['-q', TEMPLATE, '-d', dir]);
  const docPath = join(dir, 'word', 'document.xml');
  const xml = readFileSync(docPath, 'utf8');
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
  if (tables.length !== 3) throw new Error('template: expected 3 tables');
  const c = (t: 'active' | 'requests' | 'review', row: string, col: string) =>
    cellText(name, golden, t, row, col, blank);

  let active = tables[0]!;
  const af = ['issued', 'repealed', 'in_force'];
  active = fillRow(
    active,
    2,
    af.map((f) => c('active', 'regulations', f)),
  );
  active = fillRow(
    active,
    3,
    af.map((f) => c('active', 'normative_documents', f)),
  );
  active = fillRow(active, 6, [c('active', 'licensing', 'decisions')]);
  active = fillRow(active, 9, [c('active', 'punishment', 'decisions')]);
  active = fillRow(active, 10, [c('active', 'enforcement', 'decisions')]);
  active = fillRow(active, 13, [c('active', 'fees', 'amount_10k_yuan')]);

  let requests = tables[1]!;
  REQUEST_ROWS_2021.forEach((row, k) => {
    requests = fillRow(
      requests,
      3 + k,
      REQUEST_COLUMNS.map((col) => c('requests', row, col)),
    );
  });

  let review = tables[2]!;
  review = fillRow(
    review,
    3,
    REVIEW_GROUPS.flatMap((g) => REVIEW_FIELDS.map((f) => c('review', g, f))),
  );

  // A report in traditional characters has its tables in traditional characters too (Taiwan wording, as the
  // seed page does): the template's labels are converted like the rest.
  const script = hasTraditional(seed) ? Converter({ from: 'cn', to: 'twp' }) : (t: string) => t;
  const localize = (tableXml: string) =>
    tableXml.replace(
      /(<w:t(?: [^>]*)?>)([^<]*)(<\/w:t>)/g,
      (_m, open: string, text: string, close: string) => open + script(text) + close,
    );
  [active, requests, review] = [active, requests, review].map(localize) as [string, string, string];

  const { before, after } = narrative(seed);
  const bodyStart = xml.indexOf('<w:body>') + '<w:body>'.length;
  const sectPr = xml.slice(xml.lastIndexOf('<w:sectPr'), xml.indexOf('</w:body>'));
  const [title, ...intro] = before;
  const body = [
    TITLE(title ?? ''),
    ...intro.map((l) => (/^[一二三四五六]、/.test(l) ? HEADING(l) : PARAGRAPH(l))),
    HEADING(script('二、主动公开政府信息情况')),
    active,
    PARAGRAPH(''),
    HEADING(script('三、收到和处理政府信息公开申请情况')),
    requests,
    PARAGRAPH(''),
    HEADING(script('四、政府信息公开行政复议、行政诉讼情况')),
    review,
    PARAGRAPH(''),
    ...after.map((l) => (/^[一二三四五六]、/.test(l) ? HEADING(l) : PARAGRAPH(l))),
  ].join('');
  writeFileSync(docPath, xml.slice(0, bodyStart) + body + sectPr + xml.slice(xml.indexOf('</w:body>')));
  const out = join(work, `${name}.docx`);
  rmSync(out, { force: true });
  run('zip', ['-q', '-X', '-r', out, '.'], dir);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// 2019 format: HTML tables → LibreOffice → DOCX.

function html2019(name: string, golden: Golden, seed: string, blank: string): string {
  const c = (t: 'active' | 'requests' | 'review', row: string, col: string) =>
    escapeXml(cellText(name, golden, t, row, col, blank));
  const td = (s: string, attrs = '') => `<td${attrs}>${s}</td>`;
  const tr = (cells: string[]) => `<tr>${cells.join('')}</tr>`;
  const section = (s: string) => tr([td(s, ' colspan="4"')]);
  const head = (...h: string[]) => tr(['信息内容', ...h].map((x) => td(x)));
  const row3 = (label: string, key: string, fields: string[]) =>
    tr([td(label), ...fields.map((f) => td(c('active', key, f)))]);
  const active = [
    section('第二十条第（一）项'),
    head('本年新制作数量', '本年新公开数量', '对外公开总数量'),
    row3('规章', 'regulations', ['made', 'published', 'total_published']),
    row3('规范性文件', 'normative_documents', ['made', 'published', 'total_published']),
    section('第二十条第（五）项'),
    head('上一年项目数量', '本年增/减', '处理决定数量'),
    row3('行政许可', 'licensing', ['prev_year_items', 'change', 'decisions']),
    row3('其他对外管理服务事项', 'other_admin_services', ['prev_year_items', 'change', 'decisions']),
    section('第二十条第（六）项'),
    head('上一年项目数量', '本年增/减', '处理决定数量'),
    row3('行政处罚', 'punishment', ['prev_year_items', 'change', 'decisions']),
    row3('行政强制', 'enforcement', ['prev_year_items', 'change', 'decisions']),
    section('第二十条第（八）项'),
    tr([td('信息内容'), td('上一年项目数量'), td('本年增/减', ' colspan="2"')]),
    tr([
      td('行政事业性收费'),
      td(c('active', 'fees', 'prev_year_items')),
      td(c('active', 'fees', 'change'), ' colspan="2"'),
    ]),
    section('第二十条第（九）项'),
    tr([td('信息内容'), td('采购项目数量'), td('采购总金额', ' colspan="2"')]),
    tr([
      td('政府集中采购'),
      td(c('active', 'procurement', 'projects')),
      td(c('active', 'procurement', 'amount_yuan'), ' colspan="2"'),
    ]),
  ];
  const labels: Record<string, [string | null, string | null, string]> = {
    new_received: [null, null, '一、本年新收政府信息公开申请数量'],
    carried_over: [null, null, '二、上年结转政府信息公开申请数量'],
    granted: ['三、本年度办理结果', null, '（一）予以公开'],
    partially_granted: ['', null, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
    'denied.state_secret': ['', '（三）不予公开', '1.属于国家秘密'],
    'denied.prohibited_by_law': ['', '', '2.其他法律行政法规禁止公开'],
    'denied.three_safeties_one_stability': ['', '', '3.危及“三安全一稳定”'],
    'denied.third_party_rights': ['', '', '4.保护第三方合法权益'],
    'denied.internal_affairs': ['', '', '5.属于三类内部事务信息'],
    'denied.process_information': ['', '', '6.属于四类过程性信息'],
    'denied.law_enforcement_files': ['', '', '7.属于行政执法案卷'],
    'denied.administrative_query': ['', '', '8.属于行政查询事项'],
    'unable.not_held': ['', '（四）无法提供', '1.本机关不掌握相关政府信息'],
    'unable.needs_creation': ['', '', '2.没有现成信息需要另行制作'],
    'unable.unclear_after_correction': ['', '', '3.补正后申请内容仍不明确'],
    'not_processed.petition_complaint': ['', '（五）不予处理', '1.信访举报投诉类申请'],
    'not_processed.duplicate': ['', '', '2.重复申请'],
    'not_processed.publication': ['', '', '3.要求提供公开出版物'],
    'not_processed.excessive_repeat': ['', '', '4.无正当理由大量反复申请'],
    'not_processed.confirm_existing': ['', '', '5.要求行政机关确认或重新出具已获取信息'],
    other: ['', null, '（六）其他处理'],
    total_processed: ['', null, '（七）总计'],
    carried_forward: [null, null, '四、结转下年度继续办理'],
  };
  const groupSpan = REQUEST_ROWS_2019.filter((r) => labels[r]![0] !== null).length;
  const subSpans: Record<string, number> = { '（三）不予公开': 8, '（四）无法提供': 3, '（五）不予处理': 5 };
  const requests = [
    tr([
      td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', ' colspan="3" rowspan="3"'),
      td('申请人情况', ' colspan="7"'),
    ]),
    tr([td('自然人', ' rowspan="2"'), td('法人或其他组织', ' colspan="5"'), td('总计', ' rowspan="2"')]),
    tr(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((x) => td(x))),
    ...REQUEST_ROWS_2019.map((row) => {
      const [group, sub, label] = labels[row]!;
      const cells: string[] = [];
      if (group === null) cells.push(td(label, ' colspan="3"'));
      else {
        if (group) cells.push(td(group, ` rowspan="${groupSpan}"`));
        if (sub === null) cells.push(td(label, ' colspan="2"'));
        else {
          if (sub) cells.push(td(sub, ` rowspan="${subSpans[sub]}"`));
          cells.push(td(label));
        }
      }
      return tr([...cells, ...REQUEST_COLUMNS.map((col) => td(c('requests', row, col)))]);
    }),
  ];
  const reviewLabels = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const review = [
    tr([td('行政复议', ' colspan="5"'), td('行政诉讼', ' colspan="10"')]),
    tr([
      ...reviewLabels.map((l) => td(l, ' rowspan="2"')),
      td('未经复议直接起诉', ' colspan="5"'),
      td('复议后起诉', ' colspan="5"'),
    ]),
    tr([...reviewLabels, ...reviewLabels].map((l) => td(l))),
    tr(REVIEW_GROUPS.flatMap((g) => REVIEW_FIELDS.map((f) => td(c('review', g, f))))),
  ];
  const { before, after } = narrative(seed);
  const [title, ...intro] = before;
  const p = (l: string) => (/^[一二三四五六]、/.test(l) ? `<h3>${escapeXml(l)}</h3>` : `<p>${escapeXml(l)}</p>`);
  const table = (rows: string[]) =>
    `<table border="1" cellspacing="0" cellpadding="3" style="border-collapse:collapse">${rows.join('\n')}</table>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeXml(title ?? '')}</title></head><body>
<h2 style="text-align:center">${escapeXml(title ?? '')}</h2>
${intro.map(p).join('\n')}
<h3>二、主动公开政府信息情况</h3>
${table(active)}
<h3>三、收到和处理政府信息公开申请情况</h3>
${table(requests)}
<h3>四、政府信息公开行政复议、行政诉讼情况</h3>
${table(review)}
${after.map(p).join('\n')}
</body></html>`;
}

// ---------------------------------------------------------------------------------------------------------

function soffice(args: string[], work: string): void {
  // a private profile, so a LibreOffice the user has open does not get in the way
  run('soffice', [`-env:UserInstallation=file://${join(work, 'lo-profile')}`, '--headless', ...args]);
}

function convert(input: string, to: string, work: string, infilter?: string): string {
  const outDir = join(work, 'out');
  mkdirSync(outDir, { recursive: true });
  soffice([...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', to, '--outdir', outDir, input], work);
  const base = input.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
  const ext = to.split(':')[0]!;
  return join(outDir, `${base}.${ext}`);
}

const USAGE = `Usage: npx tsx scripts/dev/render-fixtures.ts

Renders the five seed reports (test/fixtures/seeds + golden values) to DOCX, PDF and DOC, plus the error
fixtures (encrypted.pdf, scanned.pdf, not-a-docx.zip) and long-200.pdf, into test/fixtures/generated/.
Needs: soffice, qpdf, pdftoppm, pdfinfo, zip, unzip and a CJK font:
  apt-get install -y libreoffice-writer-nogui fonts-noto-cjk qpdf poppler-utils zip unzip`;

/** Every tool the script runs, checked first so that a missing one is one clear line, not a stack trace. */
function checkTools(): void {
  const missing = ['soffice', 'qpdf', 'pdftoppm', 'pdfinfo', 'zip', 'unzip'].filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) {
    console.error(`render-fixtures: missing ${missing.join(', ')}\n\n${USAGE}`);
    process.exit(1);
  }
}

function main(): void {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  checkTools();
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'gongkai-render-'));
  const goldenDir = join(FIXTURES, 'golden');
  const names = readdirSync(goldenDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
  const pdfs: string[] = [];
  try {
    for (const name of names) {
      const golden = JSON.parse(readFileSync(join(goldenDir, `${name}.json`), 'utf8')) as Golden;
      const seed = readFileSync(join(FIXTURES, 'seeds', golden.source), 'utf8');
      const blank = /\t\/(\t|$)/m.test(seed) ? '/' : '0';
      let docx: string;
      if (golden.format === '2021') docx = fill2021(name, golden, seed, blank, work);
      else {
        const html = join(work, `${name}.html`);
        writeFileSync(html, html2019(name, golden, seed, blank));
        docx = convert(html, 'docx:MS Word 2007 XML', work, 'HTML (StarWriter)');
      }
      copyFileSync(docx, join(OUT, `${name}.docx`));
      const pdf = convert(join(OUT, `${name}.docx`), 'pdf', work);
      copyFileSync(pdf, join(OUT, `${name}.pdf`));
      pdfs.push(join(OUT, `${name}.pdf`));
      process.stdout.write(`${name}: docx, pdf\n`);
    }
    // A DOCX whose main part is word/document2.xml, as Office Online names it.
    {
      const dir = join(work, 'document2');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      run('unzip', ['-q', join(OUT, `${names[0]}.docx`), '-d', dir]);
      renameSync(join(dir, 'word', 'document.xml'), join(dir, 'word', 'document2.xml'));
      renameSync(join(dir, 'word', '_rels', 'document.xml.rels'), join(dir, 'word', '_rels', 'document2.xml.rels'));
      for (const f of [join(dir, '_rels', '.rels'), join(dir, '[Content_Types].xml')]) {
        writeFileSync(f, readFileSync(f, 'utf8').replace(/word\/document\.xml/g, 'word/document2.xml'));
      }
      const out = join(OUT, `${names[0]}.document2.docx`);
      rmSync(out, { force: true });
      run('zip', ['-q', '-X', '-r', out, '.'], dir);
    }

    // Word 97-2003 renderings of one 2021 and the 2019 seed; a .wps that is really a DOC.
    for (const name of [names[0]!, names[names.length - 1]!]) {
      const doc = convert(join(OUT, `${name}.docx`), 'doc:MS Word 97', work);
      copyFileSync(doc, join(OUT, `${name}.doc`));
      process.stdout.write(`${name}: doc\n`);
    }
    copyFileSync(join(OUT, `${names[0]}.doc`), join(OUT, `${names[0]}.wps`));

    // The 2019 seed with its content drawn turned by 90° in user space (how some printers write landscape pages).
    const last = pdfs[pdfs.length - 1]!;
    run('qpdf', ['--rotate=+90', last, join(work, 'turned.pdf')]);
    run('qpdf', ['--flatten-rotation', join(work, 'turned.pdf'), join(OUT, `${names[names.length - 1]}.rotated.pdf`)]);

    // Error fixtures.
    run('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', pdfs[0]!, join(OUT, 'encrypted.pdf')]);
    run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdfs[0]!, join(work, 'scan')]);
    writeFileSync(join(work, 'scan.html'), '<html><body><img src="scan.png" width="600"></body></html>');
    const scanned = convert(join(work, 'scan.html'), 'pdf', work, 'HTML (StarWriter)');
    copyFileSync(scanned, join(OUT, 'scanned.pdf'));
    writeFileSync(join(work, 'readme.txt'), 'not a Word document\n');
    rmSync(join(OUT, 'not-a-docx.zip'), { force: true });
    run('zip', ['-q', '-X', join(OUT, 'not-a-docx.zip'), 'readme.txt'], work);

    // A long PDF for the benchmark: the seed renderings repeated to 200 pages.
    const pages = pdfs.map((p) =>
      Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [p], { encoding: 'utf8' }))?.[1] ?? 0),
    );
    const sources: string[] = [];
    let total = 0;
    for (let i = 0; total < 200; i++) {
      const k = i % pdfs.length;
      const take = Math.min(pages[k]!, 200 - total);
      sources.push(pdfs[k]!, `1-${take}`);
      total += take;
    }
    run('qpdf', ['--empty', '--pages', ...sources, '--', join(work, 'long.pdf')]);
    renameSync(join(work, 'long.pdf'), join(OUT, 'long-200.pdf'));
    process.stdout.write(`error fixtures and long-200.pdf (${total} pages) written to ${OUT}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
