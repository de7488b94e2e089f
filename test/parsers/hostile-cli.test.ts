// Issue 12's attacks through `gongkai parse`, as a user runs it: every one ends within the parse budget plus a few
// seconds, with exit 1 and one line naming its code (or exit 0 and the report where a report is honest).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGongkai } from '../helpers/cli.js';
import { hostileCorpus } from '../hostile/corpus.js';

const ATTACKS = [
  'doc-looping-fat',
  'doc-2m-fat-sectors',
  'html-span-grid-bomb',
  'docx-20000x50-table',
  'docx-image-3000-times',
  'pdf-form-draws-itself',
  'pdf-nested-forms',
  'pdf-two-layer-flate',
  'pdf-million-rulings',
  'number-22-digits',
  'html-5mb-spaced-digits-cell',
  'bidi-agency-name',
];
const BUDGET_MS = 60_000;
/** Start-up of the command and of its parser process (tsx compiles both) on a loaded machine. */
const STARTUP_MS = 30_000;

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-hostile-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gongkai parse on the attacks', () => {
  const docs = hostileCorpus().filter((d) => ATTACKS.includes(d.name));
  it('has every attack', () => expect(docs.map((d) => d.name).sort()).toEqual([...ATTACKS].sort()));

  for (const doc of docs) {
    it(`${doc.name}: ${doc.about}`, { timeout: BUDGET_MS + STARTUP_MS + 30_000 }, async () => {
      const ext = doc.fileName?.match(/\.\w+$/)?.[0] ?? '';
      const file = join(tmp, `${doc.name}${ext}`);
      writeFileSync(file, await doc.make());
      const args = ['parse', file, ...(doc.contentType ? ['--content-type', doc.contentType] : [])];
      const started = performance.now();
      const run = await runGongkai(args, { GONGKAI_PARSE_BUDGET_MS: String(BUDGET_MS) });
      const ms = performance.now() - started;
      expect(ms, 'wall time of the command').toBeLessThan(BUDGET_MS + 5_000 + STARTUP_MS);
      if (doc.expect === 'report' || (doc.expect === 'either' && run.code === 0)) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/^agency: {4}\S+/m);
        return;
      }
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines, run.stderr).toHaveLength(1);
      const m = /^gongkai: (.+?): (.+) \((\w+)\)$/.exec(lines[0]!);
      expect(m, lines[0]).not.toBeNull();
      if (doc.codes) expect(doc.codes).toContain(m![3]);
    });
  }
});
