// The crawl commands as a user runs them: help, errors, sites, a crawl with --wait against a replica (embedded
// mode, pointed there by GONGKAI_ORIGIN_OVERRIDES), runs --json, schedule installed twice = the same schedulers.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portals, startPortals } from '../../replicas/index.js';
import { GONGKAI, runGongkai } from '../helpers/cli.js';
import { createTempHome, createTestDatabase, type TempHome } from '../helpers/db.js';

async function gongkai(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = await runGongkai(args, { REDIS_URL: '', DATABASE_URL: '', LOG_LEVEL: 'warn', LOG_PRETTY: '0', ...env });
  return { ...run, code: run.code ?? -1 };
}

let portals: Portals;
let home: TempHome;
beforeAll(async () => {
  portals = await startPortals({ only: ['sz'] });
  home = createTempHome('gongkai-cli-');
});
afterAll(async () => {
  await portals?.close();
  home?.remove();
});

describe('gongkai crawl commands', () => {
  it('has --help for every command', { timeout: 180_000 }, async () => {
    for (const cmd of ['sites', 'crawl', 'worker', 'schedule', 'runs', 'demo']) {
      const r = await gongkai([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Usage: gongkai/);
    }
  });

  it('lists the sites', async () => {
    const r = await gongkai(['sites', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['szns', 'sz', 'gzns', 'cqna', 'hrbng', 'pingtan']),
    );
    // The fictional Hanweb demo site is the replicas' own, never a production row.
    expect(r.stdout).not.toContain('hanweb');
  });

  it('says clearly what is wrong with a bad crawl command', async () => {
    const none = await gongkai(['crawl'], { GONGKAI_HOME: home.home });
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/--site ID .* or --all/);
    const unknown = await gongkai(['crawl', '--site', 'nosuch'], { GONGKAI_HOME: home.home });
    expect(unknown.stderr).toMatch(/unknown site "nosuch"/);
  });

  it('stops a worker gracefully on SIGTERM (Redis + PostgreSQL)', async () => {
    const db = await createTestDatabase('gongkai_cli');
    try {
      // node itself, not npx: the signal must reach the worker process, as `docker stop` does.
      const child = spawn(process.execPath, [GONGKAI, 'worker', '--concurrency', '1'], {
        env: {
          ...process.env,
          REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
          DATABASE_URL: db.url,
          LOG_LEVEL: 'info',
          LOG_PRETTY: '0',
        },
      });
      let stderr = '';
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`worker did not start: ${stderr}`)), 60_000);
        child.stderr.on('data', (d) => {
          stderr += d;
          if (stderr.includes('workers running')) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      const t0 = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
      if (code === 'hung') child.kill('SIGKILL');
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(stderr).toMatch(/SIGTERM: finishing jobs in progress/);
    } finally {
      await db.drop();
    }
  }, 90_000);

  it('crawls a site with --wait, then shows the run with runs --json', async () => {
    const overrides = Object.entries(portals.overrides)
      .map(([real, local]) => `${real}=${local}`)
      .join(',');
    const env = {
      GONGKAI_HOME: home.home,
      GONGKAI_ORIGIN_OVERRIDES: overrides,
      GONGKAI_ALLOW_PRIVATE: '1',
      GONGKAI_POLITENESS_MS: '20',
    };
    const crawl = await gongkai(['crawl', '--site', 'sz', '--full', '--wait'], env);
    expect(crawl.stderr + crawl.stdout).not.toMatch(/run failed/);
    expect(crawl.code).toBe(0);
    expect(crawl.stdout).toMatch(/queued 1 crawl run/);
    expect(crawl.stdout).toMatch(/^sz\s+1\s+\d+/m);
    const runs = await gongkai(['runs', '--json'], env);
    expect(runs.code).toBe(0);
    const [run] = JSON.parse(runs.stdout);
    expect(run).toMatchObject({ siteId: 'sz', failures: 0, reportsFound: portals.site('sz').reports.length });
    expect(run.finishedAt).not.toBeNull();
    expect(run.warning).toBeNull();
  }, 120_000);
});
