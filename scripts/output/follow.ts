// Following runs on a terminal: a cli-progress bar while they run (with the latest site's live progress), or one
// line per site whenever its progress changes when stderr is not a terminal; then one summary table.

import type { Queue } from 'bullmq';
import cliProgress from 'cli-progress';
import type { CrawlRunRow } from '../../db/crawl-runs.js';
import type { RunSummary } from '../../workers/discover-job.js';
import type { QueuedRun } from '../../workers/enqueue.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { formatTable } from './format.js';

export type RunOutcome = RunSummary | { siteId: string; runId: number; failed: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One site's live progress in one line. */
export function progressLine(r: CrawlRunRow): string {
  const parts = [
    plural(r.requests, 'request'),
    plural(r.reportsFound, 'report'),
    plural(r.retries, 'retry', 'retries'),
    plural(r.failures, 'failure'),
  ];
  if (r.skipped) parts.push(`${r.skipped} skipped`);
  const state = r.status === 'running' ? '' : ` — ${r.status}${r.reason ? ` (${r.reason})` : ''}`;
  return `${r.siteId}#${r.id}: ${parts.join(', ')}${state}${r.lastError ? `; last error: ${r.lastError}` : ''}`;
}

export async function followRuns(
  queues: { discover: Queue; fetch: Queue },
  runs: QueuedRun[],
  options: number | { timeoutMs?: number; readRuns?: (runIds: number[]) => Promise<CrawlRunRow[]> } = {},
): Promise<RunOutcome[]> {
  const opts = typeof options === 'number' ? { timeoutMs: options } : options;
  const tty = !!process.stderr.isTTY;
  const width = process.stderr.columns ?? 120;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: 'crawling [{bar}] {value}/{total} sites done | {pending} jobs queued | {latest}',
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(runs.length, 0, { pending: 0, latest: '' });
  let lastDone = -1;
  const shown = new Map<number, string>();
  try {
    return await waitForRuns(queues, runs, {
      timeoutMs: opts.timeoutMs,
      readRuns: opts.readRuns,
      onProgress: (p) => {
        const changed = (p.runs ?? [])
          .map((r) => ({ id: r.id, line: progressLine(r) }))
          .filter((r) => shown.get(r.id) !== r.line);
        for (const c of changed) shown.set(c.id, c.line);
        if (bar) {
          const latest = changed.at(-1)?.line ?? '';
          bar.update(p.done, {
            pending: p.pending,
            ...(latest ? { latest: latest.slice(0, Math.max(20, width - 70)) } : {}),
          });
          return;
        }
        for (const c of changed) process.stderr.write(`${c.line}\n`);
        if (p.done !== lastDone) {
          lastDone = p.done;
          process.stderr.write(`crawling: ${p.done}/${p.total} sites done, ${p.pending} jobs queued\n`);
        }
      },
    });
  } finally {
    bar?.stop();
  }
}

export function summaryTable(results: RunOutcome[]): string {
  const rows = results.map((r) =>
    'failed' in r
      ? [r.siteId, String(r.runId), '', '', '', '', '', '', '', 'failed', `run failed: ${r.failed}`]
      : [
          r.siteId,
          String(r.runId),
          String(r.requests),
          String(r.notModified),
          String(r.newDocuments),
          String(r.newRevisions),
          String(r.reportsFound),
          String(r.skipped),
          String(r.failures),
          r.status === 'failed' ? `failed (${r.reason})` : 'completed',
          r.status === 'failed'
            ? (r.errors.at(-1) ?? '')
            : r.failures
              ? r.errors.slice(0, 2).join('; ') + (r.errors.length > 2 ? ` (+${r.errors.length - 2})` : '')
              : r.reportsFound === 0 && r.notModified === 0
                ? 'warning: no report found'
                : r.notModified && !r.reportsFound
                  ? 'unchanged'
                  : '',
        ],
  );
  return formatTable(
    [
      'site',
      'run',
      'requests',
      'not modified',
      'new docs',
      'new revisions',
      'reports',
      'skipped',
      'failures',
      'status',
      'notes',
    ],
    rows,
  );
}
