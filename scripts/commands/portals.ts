// `gongkai portals`: start the local replica portals and print where each real site is served.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function nonNegative(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

interface PortalOptions {
  only?: string;
  generated?: number;
  years: number;
  crawlDelay: number;
  json?: boolean;
  warc: string[];
}

/** `gongkai portals --warc FILE`: the recorded pages at their real URLs (anything else 404) until Ctrl-C. */
async function serveRecorded(files: string[]): Promise<void> {
  const { existsSync } = await import('node:fs');
  for (const f of files) if (!existsSync(f)) throw new Error(`${f}: no such file`);
  const { startWarcReplay } = await import('../../replicas/warc-replay.js');
  const replay = await startWarcReplay(files);
  for (const [real, local] of Object.entries(replay.overrides)) console.log(`${real} → ${local}`);
  for (const s of replay.skipped) console.error(`skipped record: ${s}`);
  const pairs = Object.entries(replay.overrides).map(([real, local]) => `${real}=${local}`);
  console.log(`\n${replay.urls.length} recorded pages. Crawl them with:`);
  console.log(
    `  GONGKAI_ORIGIN_OVERRIDES=${pairs.join(',')} GONGKAI_ALLOW_PRIVATE=1 npx gongkai crawl --site ID --wait`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const missing = replay.requests.filter((r) => r.status === 404).length;
  console.error(`\nrequests served: ${replay.requests.length} (${missing} not in the recording: 404)`);
  await replay.close();
}

export function registerPortalCommands(program: Command): void {
  program
    .command('portals')
    .description(
      'Start the local replica portals (one HTTP server per site on 127.0.0.1) and print each real origin → local address; runs until Ctrl-C.',
    )
    .option('--only <ids>', 'comma-separated site ids (default: every replica; `gongkai sites` lists them)')
    .option('--generated <n>', 'also start N generated benchmark sites', positiveInt)
    .option('--years <n>', 'years per generated site', positiveInt, 5)
    .option('--crawl-delay <seconds>', "Crawl-delay announced by cqna's robots.txt", nonNegative, 0.5)
    .option('--json', 'print the sites as JSON (one object per line) instead of a table')
    .option(
      '--warc <file>',
      'serve a recorded portal (WARC) at its real URLs instead of the replicas (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .addHelpText(
      'after',
      `
Point a crawl at them with the base-URL overrides printed here (the fetcher's \`overrides\` option) and
GONGKAI_ALLOW_PRIVATE=1; stored URLs stay the real ones. Every request is logged and counted; Ctrl-C prints the counts.`,
    )
    .action(async (opts: PortalOptions) => {
      if (opts.warc.length) return serveRecorded(opts.warc);
      // The replicas (servers, fixtures, generated reports) load only when they are started.
      const { startPortals, TARGET_SITE_IDS } = await import('../../replicas/index.js');
      const only = opts.only
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = only?.filter((id) => !(TARGET_SITE_IDS as readonly string[]).includes(id)) ?? [];
      if (unknown.length)
        throw new Error(`unknown site id(s): ${unknown.join(', ')} (known: ${TARGET_SITE_IDS.join(', ')})`);
      const portals = await startPortals({
        only: only ?? [...TARGET_SITE_IDS], // the generated sites come in addition to the targets
        crawlDelaySeconds: opts.crawlDelay,
        ...(opts.generated ? { generated: { sites: opts.generated, yearsPerSite: opts.years } } : {}),
      });
      for (const s of portals.sites) {
        if (opts.json) {
          console.log(
            JSON.stringify({
              id: s.id,
              name: s.name,
              platform: s.platform,
              origin: s.origin,
              realOrigins: s.realOrigins,
              entryUrls: s.entryUrls,
              reports: s.reports.length,
            }),
          );
          continue;
        }
        if (
          s.id.startsWith('gen') &&
          portals.sites.length > 12 &&
          s !== portals.sites.find((x) => x.id.startsWith('gen'))
        )
          continue;
        console.log(`${s.id.padEnd(8)} ${s.origin}  ${s.name} [${s.platform}], ${s.reports.length} reports`);
        for (const o of s.realOrigins) console.log(`           ${o} → ${s.origin}`);
        console.log(`           start: ${s.entryUrls.join('  ')}`);
      }
      const gen = portals.sites.filter((s) => s.id.startsWith('gen')).length;
      if (!opts.json && gen > 1 && portals.sites.length > 12)
        console.log(`… and ${gen - 1} more generated sites (use --json to list them all)`);
      if (!opts.json) console.log(`\n${portals.sites.length} replica site(s) running. Ctrl-C to stop.`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const counts = new Map<string, number>();
      for (const e of portals.requestLog.entries) counts.set(e.site, (counts.get(e.site) ?? 0) + 1);
      console.error(`\nrequests served: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
      await portals.close();
    });
}
