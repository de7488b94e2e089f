// `gongkai portals`: starts the replicas, prints where they are, serves until Ctrl-C, reports the requests served.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GONGKAI } from '../helpers/cli.js';

const CLI = [GONGKAI];

describe('gongkai portals', () => {
  it('prints each site as JSON, serves the real paths, and stops on SIGINT with a request count', async () => {
    const child = spawn(process.execPath, [...CLI, 'portals', '--only', 'szns,cqna', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const sites = await new Promise<{ id: string; origin: string; realOrigins: string[]; entryUrls: string[] }[]>(
      (resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d;
          const lines = out.split('\n').filter((l) => l.startsWith('{'));
          if (lines.length === 2) resolve(lines.map((l) => JSON.parse(l)));
        });
        child.on('exit', (code) => reject(new Error(`exited early (${code}): ${err}`)));
      },
    );
    expect(sites.map((s) => s.id)).toEqual(['szns', 'cqna']);
    const szns = sites[0];
    expect(szns.realOrigins).toContain('http://www.szns.gov.cn');
    const entry = new URL(szns.entryUrls[0]);
    const r = await fetch(szns.origin + entry.pathname);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('各部门信息公开年度报告');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(err).toMatch(/requests served: szns 1/);
  });

  it('refuses unknown site ids with a clear error and has --help', async () => {
    const run = promisify(execFile);
    const bad = await run(process.execPath, [...CLI, 'portals', '--only', 'nowhere']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(
      /gongkai: unknown site id\(s\): nowhere \(known: szns, sz, gzns, cqna, hrbng, hanweb\)/,
    );
    const help = await run(process.execPath, [...CLI, 'portals', '--help']);
    expect(help.stdout).toMatch(/--generated <n>/);
    expect(help.stdout).toMatch(/runs until Ctrl-C/);
  });
});
