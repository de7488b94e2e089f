// The house rules of the layout, checked over the whole tree (README "Layout"):
// - no module imports from a later stage, or from test/ (ranks: config < parsers < db < crawlers < workers <
//   replicas, web < scripts; bench/ and test/ may import anything);
// - no process.env outside config/ (settings are read once there, validated);
// - no SQL text outside db/.
// The TypeScript compiler parses each file, so comments and prose in strings that merely mention a keyword do not
// count; SQL is an upper-case statement shape inside a string or template literal.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SETTING_VARIABLES } from '../../config/settings.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RANK: Record<string, number> = {
  config: 0,
  parsers: 1,
  db: 2,
  crawlers: 3,
  workers: 4,
  replicas: 5,
  web: 5,
  scripts: 6,
};
const PRODUCT = Object.keys(RANK);
const SOURCE = /\.(ts|mts|js|mjs)$/;
const SQL =
  /\b(SELECT\s+(\*|DISTINCT|[a-z_][\w.]*\s*(,|\bAS\b|\bFROM\b))|INSERT\s+INTO|UPDATE\s+[a-z_]\w*\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|(UNIQUE\s+)?INDEX|VIEW|FUNCTION|DATABASE|SCHEMA)|DROP\s+(TABLE|VIEW|INDEX|DATABASE|SCHEMA)|ALTER\s+TABLE|TRUNCATE\s+[a-z_])/;

function filesUnder(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .filter((f) => !f.split(path.sep).includes('node_modules'));
}

const stageOf = (file: string): string => file.split(path.sep)[0];

interface Violation {
  file: string;
  line: number;
  rule: 'import' | 'env' | 'sql';
  detail: string;
}

function check(file: string): Violation[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const stage = stageOf(file);
  const out: Violation[] = [];
  const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

  const checkImport = (node: ts.Node, spec: string) => {
    if (!spec.startsWith('.')) return; // packages and node: built-ins
    const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec));
    const targetStage = stageOf(target);
    if (targetStage === 'test' || targetStage === 'bench')
      out.push({ file, line: at(node), rule: 'import', detail: `imports ${spec} from ${targetStage}/` });
    else if (targetStage in RANK && RANK[targetStage] > RANK[stage])
      out.push({
        file,
        line: at(node),
        rule: 'import',
        detail: `${stage}/ imports ${spec}: ${targetStage}/ is a later stage`,
      });
  };

  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      checkImport(node, (node.moduleSpecifier as ts.StringLiteral).text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      checkImport(node, node.arguments[0].text);
    else if (
      stage !== 'config' &&
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'env' &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'process'
    )
      out.push({ file, line: at(node), rule: 'env', detail: 'reads process.env (settings belong in config/)' });
    else if (stage !== 'db' && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
      const m = SQL.exec(node.text);
      if (m && !ts.isImportDeclaration(node.parent))
        out.push({ file, line: at(node), rule: 'sql', detail: `SQL text "${m[0]}…" (SQL belongs in db/)` });
    } else if (stage !== 'db' && ts.isTemplateExpression(node)) {
      const whole = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' $ ');
      const m = SQL.exec(whole);
      if (m) out.push({ file, line: at(node), rule: 'sql', detail: `SQL text "${m[0]}…" (SQL belongs in db/)` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const files = PRODUCT.flatMap(filesUnder);
const violations = files.flatMap(check);
const shown = (rule: Violation['rule']) =>
  violations.filter((v) => v.rule === rule).map((v) => `${v.file}:${v.line}: ${v.detail}`);

describe('layout rules', () => {
  it('sees the product folders', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const stage of ['config', 'parsers', 'db', 'crawlers', 'workers', 'replicas', 'scripts'])
      expect(files.some((f) => stageOf(f) === stage)).toBe(true);
  });

  it('no module imports from a later stage or from test/', () => {
    expect(shown('import')).toEqual([]);
  });

  it('no process.env outside config/', () => {
    expect(shown('env')).toEqual([]);
  });

  it('no SQL text outside db/', () => {
    expect(shown('sql')).toEqual([]);
  });

  it("README's Configuration section lists every setting", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
    );
    expect(SETTING_VARIABLES.filter((name) => !section.includes(`\`${name}\``))).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    const dir = path.join(ROOT, 'workers');
    const probe = path.join(dir, `.layout-probe-${process.pid}.ts`);
    fs.writeFileSync(
      probe,
      [
        "import { x } from '../scripts/output/format.js';",
        "import { y } from '../test/helpers/db.js';",
        'const a = process.env.FOO;',
        "const q = 'SELECT id FROM reports WHERE year = $1';",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the probe's own template literal
        'const t = `UPDATE crawl_runs SET error = ${a}`;',
        "const prose = 'Select a site from the list';",
        '// SELECT * FROM reports (a comment)',
      ].join('\n'),
    );
    try {
      const found = check(path.relative(ROOT, probe)).map((v) => `${v.line}:${v.rule}`);
      expect(found).toEqual(['1:import', '2:import', '3:env', '4:sql', '5:sql']);
    } finally {
      fs.rmSync(probe);
    }
  });
});
