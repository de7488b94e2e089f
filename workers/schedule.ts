// The nightly schedule as BullMQ job schedulers on the discover queue. upsertJobScheduler is idempotent: running
// `gongkai schedule` again (a restart, a second replica) updates the same two schedulers, never adds more.
// Cron expressions and time zones are checked here first, so a typo is one clear line, not a parser's message.
import type { Queue } from 'bullmq';

export const NIGHTLY_SCHEDULER = 'gongkai-nightly';
export const FULL_SCHEDULER = 'gongkai-weekly-full';
const SCHEDULERS = [NIGHTLY_SCHEDULER, FULL_SCHEDULER];

export interface ScheduleOptions {
  /** Nightly crawl: each site's sentinel listing page, the rest only when it changed. */
  cron: string;
  /** Weekly full crawl: every listing walked, every report re-checked with a conditional GET. */
  fullCron: string;
  tz?: string;
}

export interface InstalledSchedule {
  id: string;
  pattern: string;
  tz: string | null;
  /** Next run, as an instant. */
  next: Date | null;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = { cron: '0 2 * * *', fullCron: '0 3 * * 0', tz: 'Asia/Shanghai' };

/** The time zone itself, or an error naming it (IANA names such as Asia/Shanghai, or UTC). */
export function checkTimeZone(tz: string, option = '--tz'): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    throw new Error(`${option} "${tz}" is not a time zone (IANA names such as Asia/Shanghai, or UTC)`);
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

function checkField(text: string, f: (typeof FIELDS)[number]): string | null {
  const value = (v: string): number | null => {
    const named = f.names?.indexOf(v.toUpperCase()) ?? -1;
    if (named >= 0) return f.name === 'month' ? named + 1 : named;
    return /^\d+$/.test(v) ? Number(v) : null;
  };
  for (const item of text.split(',')) {
    const m = /^(\*|\?|([^-/]+)(?:-([^-/]+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) return `"${item}" is not a value, range or step`;
    for (const v of [m[2], m[3]].filter((x): x is string => x !== undefined)) {
      const n = value(v);
      if (n === null || n < f.min || n > f.max) return `${f.name} "${v}" is outside ${f.min}-${f.max}`;
    }
    if (m[4] !== undefined && Number(m[4]) < 1) return `step "/${m[4]}" must be at least 1`;
  }
  return null;
}

/** A five-field cron expression (minute hour day-of-month month day-of-week; an optional leading seconds field). */
export function checkCron(expr: string, option = '--cron'): string {
  const fields = expr.trim().split(/\s+/);
  const bad = (why: string) =>
    new Error(`${option} "${expr}" is not a cron expression: ${why} (e.g. "0 2 * * *" = 02:00 every day)`);
  if (fields.length !== 5 && fields.length !== 6) throw bad(`${fields.length} fields, want 5`);
  const five = fields.length === 6 ? fields.slice(1) : fields;
  if (fields.length === 6) {
    const why = checkField(fields[0], { name: 'second', min: 0, max: 59 });
    if (why) throw bad(why);
  }
  for (const [i, f] of FIELDS.entries()) {
    const why = checkField(five[i], f);
    if (why) throw bad(why);
  }
  return expr.trim();
}

export async function upsertSchedules(discover: Queue, o: ScheduleOptions): Promise<InstalledSchedule[]> {
  checkCron(o.cron, '--cron');
  checkCron(o.fullCron, '--full-cron');
  if (o.tz) checkTimeZone(o.tz);
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
  return (await listSchedules(discover)).filter((s) => SCHEDULERS.includes(s.id));
}

/** Every job scheduler on the discover queue (ours, and any a user added by hand). */
export async function listSchedules(discover: Queue): Promise<InstalledSchedule[]> {
  const all = await discover.getJobSchedulers(0, -1, true);
  return all.map((s) => ({
    id: s.id ?? s.key,
    pattern: s.pattern ?? (s.every ? `every ${s.every} ms` : ''),
    tz: s.tz ?? null,
    next: s.next ? new Date(s.next) : null,
  }));
}

/** Remove gongkai's schedulers (or the ones named); returns those that existed. */
export async function removeSchedules(discover: Queue, ids: string[] = SCHEDULERS): Promise<string[]> {
  const removed: string[] = [];
  for (const id of ids) if (await discover.removeJobScheduler(id)) removed.push(id);
  return removed;
}

/** The time zone `gongkai runs` shows times in: the one given, else the installed nightly schedule's. */
export async function scheduleTimeZone(discover: Queue): Promise<string | null> {
  const nightly = (await listSchedules(discover)).find((s) => s.id === NIGHTLY_SCHEDULER);
  return nightly?.tz ?? null;
}

/** `2026-12-04 02:00:00` in the time zone (the instant as a reader there sees it). */
export function formatInZone(at: Date, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
