// `gongkai worker` started as a supervisor starts it — the installed bin (npm's symlink in node_modules/.bin to the
// built dist/scripts/gongkai.js) and Docker's exec form `node dist/scripts/gongkai.js worker` — gets SIGTERM while a
// job is in progress: the process that runs is node itself (no npm or sh between), the job finishes (the report
// of the PDF it was downloading is parsed in a parser process and loaded), the worker exits 0, and none of its
// child processes survives it.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GONGKAI, ROOT } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/db.js';

const BUILT = GONGKAI;
// The registry's sz site (an NFCMS column first), its origin sent to a portal of the test's own.
const REAL = 'http://www.sz.gov.cn';
const LISTING = '/cn/xxgk/ndxxgkbg/';
const PAGE = '/cn/xxgk/ndxxgkbg/content/post_1.html';
const PDF = '/attachment/1/1/1.pdf';
const TITLE = '深圳市2023年政府信息公开工作年度报告';
const PDF_BYTES = fs.readFileSync(path.join(ROOT, 'test/fixtures/generated/002_9fd4f163df564d66.pdf'));

/** Run a command to its end (asynchronously: a blocked event loop would stall vitest's own messages). */
function run(file: string, args: string[], opts: SpawnOptions = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT, ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A one-report portal whose report is only a PDF attachment; the PDF's response waits until `release()`. */
interface Portal {
  origin: string;
  pdfRequested: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

async function startPortal(): Promise<Portal> {
  let requested!: () => void;
  const pdfRequested = new Promise<void>((r) => (requested = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const html = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${TITLE}</title></head>
<body>${body}</body></html>`;
  const server = http.createServer((req, res) => {
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.url === LISTING || req.url === `${LISTING}index.html`) {
      return send('text/html; charset=utf-8', html(`<ul><li><a href="content/post_1.html">${TITLE}</a></li></ul>`));
    }
    if (req.url === PAGE) {
      return send('text/html; charset=utf-8', html(`<h1>${TITLE}</h1><p>附件：<a href="${PDF}">${TITLE}.pdf</a></p>`));
    }
    if (req.url === PDF) {
      requested();
      return void released.then(() => send('application/pdf', PDF_BYTES));
    }
    if (req.url === '/robots.txt') return send('text/plain', 'User-agent: *\nAllow: /\n');
    send('text/html; charset=utf-8', html('<p>无</p>')); // the site's other entry (gkmlpt): nothing listed
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pdfRequested,
    release,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Pids of every live descendant of `pid`, from /proc. */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** Alive and not a zombie waiting for its parent. */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let portal: Portal;
let home: string;
let binDir: string;
beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-signals-'));
  // What npm does for an installed package's bin: a relative symlink in node_modules/.bin.
  binDir = path.join(home, 'node_modules', '.bin');
  fs.mkdirSync(binDir, { recursive: true });
  fs.symlinkSync(path.relative(binDir, BUILT), path.join(binDir, 'gongkai'));
}, 300_000);
afterAll(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe.each([
  { how: 'the installed bin (node_modules/.bin/gongkai worker)', command: () => [path.join(binDir, 'gongkai')] },
  { how: "Docker's entry (node dist/scripts/gongkai.js worker)", command: () => [process.execPath, BUILT] },
])('SIGTERM to $how', ({ command }) => {
  it('finishes the job in progress, exits 0 and leaves no child process behind', async () => {
    portal = await startPortal();
    const db = await createTestDatabase('gongkai_signals');
    let worker: ChildProcess | undefined;
    try {
      const env = {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: '',
        GONGKAI_HOME: home,
        GONGKAI_ORIGIN_OVERRIDES: `${REAL}=${portal.origin}`,
        GONGKAI_ALLOW_PRIVATE: '1',
        GONGKAI_POLITENESS_MS: '100',
        LOG_LEVEL: 'info',
        LOG_PRETTY: '0',
      };
      const [file, ...args] = command();
      const child = spawn(file!, [...args, 'worker', '--concurrency', '1'], { cwd: home, env, stdio: 'pipe' });
      worker = child;
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      child.stdout!.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      await until('the worker to start', () => stderr.includes('workers running') || child.exitCode !== null, 60_000);
      expect(child.exitCode, stderr).toBeNull();
      // The pid the supervisor holds is node itself, not npm, sh or env.
      expect(fs.readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim()).toBe('node');

      // Every process the worker starts, seen while it runs (the parser processes start on the PDF).
      const seen = new Map<number, string>();
      const watch = setInterval(() => {
        for (const pid of descendantsOf(child.pid!)) if (!seen.get(pid)) seen.set(pid, commandLine(pid));
      }, 25);

      const queued = await run(process.execPath, [BUILT, 'crawl', '--site', 'sz', '--full'], { cwd: home, env });
      expect(queued.code, queued.output).toBe(0);
      await Promise.race([
        portal.pdfRequested,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no PDF request: ${stderr}`)), 60_000)),
      ]);

      // Mid-job: the fetch job is waiting for the PDF. SIGTERM, and only once the worker says it is stopping does
      // the PDF arrive, to be parsed (in a parser process) and loaded before the worker may exit.
      child.kill('SIGTERM');
      await until(
        'the worker to acknowledge SIGTERM',
        () => /SIGTERM: finishing jobs in progress/.test(stderr),
        20_000,
      );
      portal.release();
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000))]);
      clearInterval(watch);
      expect(code, stderr).toBe(0);

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ revisions: number }>(
          `SELECT count(r.id)::int AS revisions FROM documents d JOIN revisions r ON r.document_id = d.id
            WHERE d.source_url = $1`,
          [`${REAL}${PDF}`],
        );
        expect(rows[0]?.revisions, `the PDF's report was not loaded:\n${stderr}`).toBe(1);
      } finally {
        await client.end();
      }

      expect([...seen.values()].join('\n'), 'the PDF was not parsed in a parser process').toMatch(/parse-process/);
      const alive = () => [...seen].filter(([pid]) => isRunning(pid));
      await until('the worker’s children to end', () => alive().length === 0, 5_000).catch(() => undefined);
      expect(alive(), 'child processes that outlived the worker').toEqual([]);
    } finally {
      if (worker && worker.exitCode === null) worker.kill('SIGKILL');
      portal.release();
      await portal.close();
      await db.drop();
    }
  }, 180_000);
});

describe('a signal to the whole process group (Ctrl-C in a terminal, systemd stopping the service)', () => {
  it('does not kill a parser process mid-parse: the worker decides when its parser processes end', async () => {
    const { ParsePool } = await import('../../workers/parse-pool.js');
    const pool = new ParsePool(1);
    try {
      const pdf = (name: string) => new Uint8Array(fs.readFileSync(path.join(ROOT, 'test/fixtures/generated', name)));
      // A first parse: once it is answered, the parser process is up with its handlers in place (Node itself catches
      // SIGINT/SIGTERM from the start, so /proc cannot tell).
      const first = await pool.parse({ bytes: pdf('001_036455f488ab67f2.pdf'), fileName: 'report.pdf' });
      expect(first.ok).toBe(true);
      const parser = descendantsOf(process.pid).find((pid) => commandLine(pid).includes('parse-process'));
      expect(parser, 'no parser process').toBeDefined();
      const parsing = pool.parse({ bytes: pdf('long-200.pdf'), fileName: 'long-200.pdf' });
      process.kill(parser!, 'SIGINT');
      process.kill(parser!, 'SIGTERM');
      const outcome = await parsing;
      expect(outcome.ok ? 'parsed' : outcome.error.code).toBe('parsed');
      expect(isRunning(parser!), 'the same parser process lives on').toBe(true);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
