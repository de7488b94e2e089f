// Following runs on a terminal: a cli-progress bar while they run, then one summary table.

import type { Queue } from 'bullmq';
import cliProgress from 'cli-progress';
import type { RunSummary } from '../../workers/discover-job.js';
import type { QueuedRun } from '../../workers/enqueue.js';
import { waitForRuns } from '../../workers/wait-for-runs.js';
import { formatTable } from '../commands/store.js';

export type RunOutcome = RunSummary | { siteId: string; runId: number; failed: string };

export async function followRuns(
  queues: { discover: Queue; fetch: Queue },
  runs: QueuedRun[],
  timeoutMs?: number,
): Promise<RunOutcome[]> {
  const tty = !!process.stderr.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: 'crawling [{bar}] {value}/{total} sites done | {pending} jobs queued',
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(runs.length, 0, { pending: 0 });
  let last = -1;
  try {
    return await waitForRuns(queues, runs, {
      timeoutMs,
      onProgress: (p) => {
        bar?.update(p.done, { pending: p.pending });
        if (!bar && p.done !== last) {
          last = p.done;
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
      ? [r.siteId, String(r.runId), '', '', '', '', '', '', `run failed: ${r.failed}`]
      : [
          r.siteId,
          String(r.runId),
          String(r.requests),
          String(r.notModified),
          String(r.newDocuments),
          String(r.newRevisions),
          String(r.reportsFound),
          String(r.failures),
          r.failures
            ? r.errors.slice(0, 2).join('; ') + (r.errors.length > 2 ? ` (+${r.errors.length - 2})` : '')
            : r.reportsFound === 0 && r.notModified === 0
              ? 'warning: no report found'
              : r.notModified && !r.reportsFound
                ? 'unchanged'
                : '',
        ],
  );
  return formatTable(
    ['site', 'run', 'requests', 'not modified', 'new docs', 'new revisions', 'reports', 'failures', 'notes'],
    rows,
  );
}
