// Operating the nightly crawl: `schedule` (install, --list, --remove, --keep-running with alerts), the time zone
// `runs` shows times in, and `alerts` (post a summary of failed runs, silent sites and new error findings to
// GONGKAI_ALERT_WEBHOOK).
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { settings as loadedSettings, redactUrl, type Settings } from '../../config/settings.js';
import type { Db } from '../../db/db.js';
import type { AlertFacts } from '../../db/operations.js';
import { formatTable } from '../output/format.js';

export interface ScheduleCommandOptions {
  cron: string;
  fullCron: string;
  tz: string;
  keepRunning?: boolean;
  list?: boolean;
  remove?: boolean;
}

const embedded = (s: Settings) => !s.databaseUrl && !s.redisUrl;
const ALERT_EVERY_MS = 60_000;

export async function scheduleCommand(o: ScheduleCommandOptions): Promise<void> {
  const [schedule, ops] = await Promise.all([import('../../workers/schedule.js'), import('../../db/operations.js')]);
  if (o.list && o.remove) throw new Error('say --list or --remove, not both');
  if (!o.list && !o.remove) {
    schedule.checkCron(o.cron, '--cron');
    schedule.checkCron(o.fullCron, '--full-cron');
  }
  schedule.checkTimeZone(o.tz);
  const settings = loadedSettings();
  const [{ openRuntime }, { startWorkers, defaultConcurrency, onShutdown }] = await Promise.all([
    import('../../workers/open-pipeline.js'),
    import('../../workers/start-workers.js'),
  ]);
  const rt = await openRuntime(settings, { noBrowser: !o.keepRunning });
  const discover = rt.ctx.queues.discover;
  try {
    if (o.list) {
      const all = await schedule.listSchedules(discover);
      if (all.length === 0) console.log('no schedule installed (install one with `gongkai schedule`)');
      else
        console.log(
          formatTable(
            ['scheduler', 'cron', 'time zone', 'next run'],
            all.map((s) => [
              s.id,
              s.pattern,
              s.tz ?? 'UTC',
              s.next ? `${schedule.formatInZone(s.next, s.tz ?? 'UTC')} ${s.tz ?? 'UTC'}` : '',
            ]),
          ),
        );
      return void (await rt.close());
    }
    if (o.remove) {
      const removed = await schedule.removeSchedules(discover);
      await ops.forgetSchedules(rt.store.db, [schedule.NIGHTLY_SCHEDULER, schedule.FULL_SCHEDULER]);
      console.log(removed.length ? `removed ${removed.join(', ')}` : 'no gongkai schedule was installed');
      return void (await rt.close());
    }
    const installed = await schedule.upsertSchedules(discover, { cron: o.cron, fullCron: o.fullCron, tz: o.tz });
    await ops.recordSchedules(rt.store.db, installed);
    console.log(
      formatTable(
        ['scheduler', 'cron', 'time zone', 'next run'],
        installed.map((s) => [s.id, s.pattern, s.tz ?? 'UTC', s.next ? schedule.formatInZone(s.next, o.tz) : '']),
      ),
    );
  } catch (err) {
    await rt.close();
    throw new Error(
      `cannot ${o.list ? 'list' : o.remove ? 'remove' : 'install'} the schedule: ${(err as Error).message}`,
    );
  }
  if (!o.keepRunning && !embedded(settings)) return void (await rt.close());
  // Embedded mode: the schedule only fires while this process runs its workers.
  const workers = embedded(settings) ? startWorkers(rt.ctx, rt.backend, defaultConcurrency(2)) : null;
  const alerting = settings.alertWebhook
    ? setInterval(() => void checkAndAlert(rt.store.db, settings, rt.ctx.log).catch(() => {}), ALERT_EVERY_MS)
    : null;
  onShutdown(async () => {
    if (alerting) clearInterval(alerting);
    await workers?.close();
    await rt.close();
  }, rt.ctx.log);
  rt.ctx.log.info(
    `${embedded(settings) ? 'embedded mode: running the scheduled crawls in this process' : 'schedule installed; staying up'}${settings.alertWebhook ? `; alerts to ${redactUrl(settings.alertWebhook)}` : ''}; Ctrl-C to stop`,
  );
  await new Promise(() => {});
}

/** The zone `gongkai runs` prints times in: --tz, else the installed nightly schedule's, else UTC. */
export async function runsTimeZone(db: Db, tz: string | undefined): Promise<string> {
  const schedule = await import('../../workers/schedule.js');
  if (tz) return schedule.checkTimeZone(tz);
  const { scheduledTimeZone } = await import('../../db/operations.js');
  return (await scheduledTimeZone(db, schedule.NIGHTLY_SCHEDULER)) ?? 'UTC';
}

/** `runs --site X` for a site neither the registry nor the store knows is a mistake, not "no runs yet". */
export async function checkRunsSite(db: Db, siteId: string, registry: string[]): Promise<void> {
  const { siteKnown } = await import('../../db/operations.js');
  if (!registry.includes(siteId) && !(await siteKnown(db, siteId)))
    throw new Error(`no such site "${siteId}" (known: ${registry.join(', ')})`);
}

export interface AlertSummary {
  source: 'gongkai';
  /** Why this alert: failed_runs, silent_sites, new_error_findings. */
  reasons: string[];
  since: string | null;
  until: string;
  failedRuns: AlertFacts['failedRuns'];
  silentSites: AlertFacts['silentSites'];
  newErrorFindings: AlertFacts['newErrorFindings'];
}

export type AlertOutcome =
  | { status: 'sent'; summary: AlertSummary }
  | { status: 'nothing' }
  | { status: 'waiting'; running: number }
  | { status: 'failed'; summary: AlertSummary; error: string };

/** Look at what happened since the last alert and post a summary when there is something to say. */
export async function checkAndAlert(db: Db, settings: Settings, log?: Pick<Logger, 'warn'>): Promise<AlertOutcome> {
  if (!settings.alertWebhook) throw new Error('GONGKAI_ALERT_WEBHOOK is not set: no webhook to post alerts to');
  const ops = await import('../../db/operations.js');
  const since = await ops.lastAlertWatermark(db);
  const facts = await ops.alertFacts(db, since, settings.alertNoReportNights);
  if (facts.running > 0) return { status: 'waiting', running: facts.running };
  const reasons = [
    facts.failedRuns.length ? 'failed_runs' : '',
    facts.silentSites.length ? 'silent_sites' : '',
    facts.newErrorFindings.length ? 'new_error_findings' : '',
  ].filter(Boolean);
  if (reasons.length === 0) return { status: 'nothing' };
  const summary: AlertSummary = {
    source: 'gongkai',
    reasons,
    since: since?.toISOString() ?? null,
    until: facts.watermark.toISOString(),
    failedRuns: facts.failedRuns,
    silentSites: facts.silentSites,
    newErrorFindings: facts.newErrorFindings,
  };
  let error: string | undefined;
  try {
    const res = await fetch(settings.alertWebhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'gongkai alerts' },
      body: JSON.stringify(summary),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) error = `the webhook answered HTTP ${res.status}`;
  } catch (err) {
    error = `cannot post to the webhook: ${(err as Error).message}`;
  }
  await ops.recordAlert(db, { watermark: facts.watermark, summary, delivered: !error, error });
  if (error) {
    log?.warn({ webhook: redactUrl(settings.alertWebhook), error }, 'alert not delivered');
    return { status: 'failed', summary, error };
  }
  return { status: 'sent', summary };
}

export function registerAlertCommands(program: Command): void {
  program
    .command('alerts')
    .description(
      'post a JSON summary to GONGKAI_ALERT_WEBHOOK if runs failed, a site yielded no report for GONGKAI_ALERT_NO_REPORT_NIGHTS nights, or new error findings appeared since the last alert (the scheduler does this every minute)',
    )
    .action(async () => {
      const settings = loadedSettings();
      if (!settings.alertWebhook) throw new Error('GONGKAI_ALERT_WEBHOOK is not set: no webhook to post alerts to');
      const { openStore } = await import('../../db/index.js');
      const store = await openStore(settings);
      try {
        const out = await checkAndAlert(store.db, settings);
        if (out.status === 'failed') throw new Error(`alert not delivered: ${out.error}`);
        console.log(
          out.status === 'sent'
            ? `alert sent to ${redactUrl(settings.alertWebhook)}: ${out.summary.reasons.join(', ')} (${out.summary.failedRuns.length} failed runs, ${out.summary.silentSites.length} silent sites, ${out.summary.newErrorFindings.length} new error findings)`
            : out.status === 'waiting'
              ? `${out.running} run(s) still going: no alert until they finish`
              : 'nothing to report since the last alert',
        );
      } finally {
        await store.close();
      }
    });
}
