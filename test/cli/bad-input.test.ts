// Every command, given bad input as a user would type it — bad URLs, closed ports, bad cron/tz, unknown ids, bad
// values and options — ends with exactly one line on stderr ("gongkai: …"), no stack trace, and a non-zero exit.
// A reader that closes the pipe early (`gongkai … | head`) ends the command quietly.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, GONGKAI, ROOT, runGongkai } from '../helpers/cli.js';
import { createTempHome, type TempHome } from '../helpers/db.js';

const CLOSED_PG = 'postgres://postgres@127.0.0.1:1/gongkai';
const CLOSED_REDIS = 'redis://127.0.0.1:1';

interface Case {
  args: string[];
  env?: Record<string, string>;
  /** What the line must say. */
  says: RegExp;
}

const CASES: Case[] = [
  // usage
  { args: ['nosuch'], says: /unknown command 'nosuch'/ },
  { args: ['crawl', '--sitee', 'szns'], says: /unknown option '--sitee'.*--site/ },
  { args: ['query', 'yoy'], says: /required option '--agency <name>'/ },
  { args: ['ingest', '--year', '19x', 'a.txt'], says: /--year.*four-digit year/ },
  { args: ['runs', '--limit', '0'], says: /--limit.*positive/ },
  // settings
  { args: ['migrate'], env: { DATABASE_URL: 'not-a-url' }, says: /^DATABASE_URL is not a postgres:\/\// },
  { args: ['runs'], env: { DATABASE_URL: 'not-a-url' }, says: /^DATABASE_URL is not a postgres:\/\// },
  { args: ['jobs'], env: { REDIS_URL: 'localhost:6379' }, says: /^REDIS_URL is not a redis:\/\// },
  { args: ['crawl', '--site', 'szns'], env: { GONGKAI_POLITENESS_MS: 'fast' }, says: /^GONGKAI_POLITENESS_MS="fast"/ },
  { args: ['findings'], env: { LOG_LEVEL: 'loud' }, says: /^LOG_LEVEL="loud" must be one of/ },
  { args: ['alerts'], env: { GONGKAI_ALERT_WEBHOOK: 'mailto:x@y' }, says: /^GONGKAI_ALERT_WEBHOOK is not a http:/ },
  // closed ports
  {
    args: ['migrate'],
    env: { DATABASE_URL: CLOSED_PG },
    says: /^cannot migrate postgres:\/\/.*127\.0\.0\.1:1.*ECONNREFUSED/,
  },
  { args: ['findings'], env: { DATABASE_URL: CLOSED_PG }, says: /ECONNREFUSED|connect/ },
  { args: ['jobs'], env: { REDIS_URL: CLOSED_REDIS }, says: /^cannot connect to Redis at redis:\/\/127\.0\.0\.1:1/ },
  { args: ['crawl', '--site', 'szns'], env: { REDIS_URL: CLOSED_REDIS }, says: /cannot connect to Redis/ },
  { args: ['schedule', '--list'], env: { REDIS_URL: CLOSED_REDIS }, says: /cannot connect to Redis/ },
  // cron and time zones
  { args: ['schedule', '--cron', '61 2 * * *'], says: /^--cron "61 2 \* \* \*" is not a cron expression: minute "61"/ },
  { args: ['schedule', '--full-cron', 'weekly'], says: /^--full-cron "weekly" is not a cron expression/ },
  { args: ['schedule', '--tz', 'Mars/Olympus'], says: /^--tz "Mars\/Olympus" is not a time zone/ },
  { args: ['runs', '--tz', 'Nowhere/City'], says: /^--tz "Nowhere\/City" is not a time zone/ },
  // unknown ids and names
  { args: ['crawl', '--site', 'nosuch'], says: /unknown site "nosuch"/ },
  { args: ['runs', '--site', 'nosuch'], says: /^no such site "nosuch"/ },
  { args: ['query', 'yoy', '--agency', '不存在的机关'], says: /^no agency "不存在的机关" is stored/ },
  { args: ['query', 'yoy', '--agency', 'x', '--metric', 'foo.bar'], says: /^unknown metric "foo\.bar"/ },
  { args: ['query', 'yoy', '--agency', 'x', '--table', 'nope'], says: /--table must be requests, active or review/ },
  { args: ['export', '--view', 'documents'], says: /^unknown view "documents"/ },
  { args: ['export', '--view', 'yoy', '--format', 'xml'], says: /--format must be csv or json/ },
  { args: ['parse', '/no/such/file.pdf'], says: /no such file/ },
  { args: ['demo', '--into', 'somewhere'], says: /^--into takes "configured" or a postgres:\/\/ URL/ },
  { args: ['alerts'], says: /^GONGKAI_ALERT_WEBHOOK is not set/ },
];

describe('every command with bad input', () => {
  let home: TempHome;
  beforeAll(() => {
    home = createTempHome('gongkai-bad-input-');
  });
  afterAll(() => home?.remove());

  const run = (c: Case): Promise<CliRun> =>
    runGongkai(c.args, {
      DATABASE_URL: '',
      REDIS_URL: '',
      GONGKAI_HOME: home.home,
      LOG_LEVEL: 'warn',
      LOG_PRETTY: '0',
      ...c.env,
    });

  it.each(
    CASES.map(
      (c) =>
        [
          `${Object.entries(c.env ?? {})
            .map(([k, v]) => `${k}=${v} `)
            .join('')}gongkai ${c.args.join(' ')}`,
          c,
        ] as const,
    ),
  )(
    '%s: one line, no stack, exit ≠ 0',
    async (_, c) => {
      const out = await run(c);
      const lines = out.stderr.trim().split('\n');
      expect(lines, out.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^gongkai: /);
      expect(lines[0].slice('gongkai: '.length)).toMatch(c.says);
      expect(out.stderr).not.toMatch(/\n\s+at /);
      expect(out.code).not.toBe(0);
    },
    120_000,
  );

  it('a pipe closed by its reader (gongkai … | head) ends quietly, exit 0', async () => {
    const child = spawn(process.execPath, [GONGKAI, 'sites', '--json'], {
      cwd: ROOT,
      env: { ...process.env, GONGKAI_HOME: home.home, DATABASE_URL: '', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 120_000);
});
