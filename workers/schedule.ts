// The nightly schedule as BullMQ job schedulers on the discover queue. upsertJobScheduler is idempotent: running
// `gongkai schedule` again (a restart, a second replica) updates the same two schedulers, never adds more.
import type { Queue } from 'bullmq';

export const NIGHTLY_SCHEDULER = 'gongkai-nightly';
export const FULL_SCHEDULER = 'gongkai-weekly-full';

export interface ScheduleOptions {
  /** Nightly crawl: each site's sentinel listing page, the rest only when it changed. */
  cron: string;
  /** Weekly full crawl: every listing walked, every report re-checked with a conditional GET. */
  fullCron: string;
  tz?: string;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = { cron: '0 2 * * *', fullCron: '0 3 * * 0', tz: 'Asia/Shanghai' };

export async function upsertSchedules(
  discover: Queue,
  o: ScheduleOptions,
): Promise<{ id: string; pattern: string; next: string | null }[]> {
  const opts = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
  await discover.upsertJobScheduler(
    NIGHTLY_SCHEDULER,
    { pattern: o.cron, tz: o.tz },
    { name: 'schedule', data: { mode: 'nightly' }, opts },
  );
  await discover.upsertJobScheduler(
    FULL_SCHEDULER,
    { pattern: o.fullCron, tz: o.tz },
    { name: 'schedule', data: { mode: 'full' }, opts },
  );
  const out = [];
  for (const id of [NIGHTLY_SCHEDULER, FULL_SCHEDULER]) {
    const s = await discover.getJobScheduler(id);
    out.push({ id, pattern: s?.pattern ?? '', next: s?.next ? new Date(s.next).toISOString() : null });
  }
  return out;
}
