// `gongkai parse` spawned as users run it (the built command): --json, readable output, and failures.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../parsers/json.js';
import { GONGKAI } from '../helpers/cli.js';
import { compareToGolden, goldenCase } from '../helpers/golden.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-parse-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function gongkai(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [GONGKAI, ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gongkai parse', () => {
  it('--json prints the report in the golden keys', async () => {
    const g = goldenCase('004_2e72bb84fb1e0d34');
    const { code, stdout } = await gongkai('parse', g.sourcePath, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as ReportJson;
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['agency', 'year', 'format', 'active', 'requests', 'review', 'findings']),
    );
    expect(json.active!.punishment!.change).toEqual({ value: 44, raw: '+44' });
    expect(compareToGolden(json, g.golden)).toEqual([]);
  });

  it('without --json prints readable tables and the findings; exit 0 even with findings', async () => {
    const g = goldenCase('003_80c8b29adc514181');
    const { code, stdout } = await gongkai('parse', g.sourcePath);
    expect(code).toBe(0);
    expect(stdout).toContain('agency:    哈尔滨市南岗区人民政府');
    expect(stdout).toMatch(/total_processed\s+131\s+2\s+0\s+0\s+0\s+0\*\s+133/);
    expect(stdout).toContain('review: none');
    expect(stdout).toMatch(/error\s+table\.empty/);
  });

  it('fails with one line naming the file and the reason', async () => {
    const garbage = join(tmp, 'notes.txt');
    writeFileSync(garbage, 'shopping list\nmilk\neggs\n');
    const empty = join(tmp, 'empty.html');
    writeFileSync(empty, '');
    for (const [file, reason] of [
      [join(tmp, 'missing.pdf'), 'no such file'],
      [garbage, 'not_a_report'],
      [empty, 'empty'],
      [tmp, 'is a directory'],
    ] as const) {
      const { code, stdout, stderr } = await gongkai('parse', file);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      const lines = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^gongkai: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${reason}`));
    }
  });

  it('--help describes the command', async () => {
    const { code, stdout } = await gongkai('parse', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--json');
    expect(stdout).toContain('Exit status');
  });
});
