#!/usr/bin/env node
// The `gongkai` command line. Each group of commands lives in scripts/commands/ and registers itself here.
import { Command } from 'commander';
import { failWith, installErrorHandling } from './output/errors.js';

type Register = (program: Command) => void;

/**
 * The groups in help order, each with the commands it registers. A call loads only the group of its command (a
 * group's imports, e.g. settings validation, cost start-up CPU that `gongkai parse` should not pay); help, an
 * unknown name, or a name this list has wrong loads every group, so a stale list costs speed, never a command.
 */
const GROUPS: { commands: string[]; load: () => Promise<Register> }[] = [
  { commands: ['parse'], load: async () => (await import('./commands/parse.js')).registerParseCommands },
  {
    commands: ['migrate', 'ingest', 'query', 'findings', 'failures', 'export', 'reparse'],
    load: async () => (await import('./commands/store.js')).registerStoreCommands,
  },
  { commands: ['sites'], load: async () => (await import('./commands/sites.js')).registerSiteCommands },
  {
    commands: ['crawl', 'worker', 'schedule', 'runs', 'demo'],
    load: async () => (await import('./commands/crawl.js')).registerCrawlCommands,
  },
  { commands: ['jobs'], load: async () => (await import('./commands/jobs.js')).registerJobsCommands },
  { commands: ['alerts'], load: async () => (await import('./commands/operate.js')).registerAlertCommands },
  { commands: ['portals'], load: async () => (await import('./commands/portals.js')).registerPortalCommands },
  {
    commands: ['serve', 'agencies', 'reports', 'show'],
    load: async () => (await import('./commands/explore.js')).registerExploreCommands,
  },
  { commands: ['health'], load: async () => (await import('./commands/health.js')).registerHealthCommands },
];

function newProgram(): Command {
  return new Command()
    .name('gongkai')
    .description('Crawl, extract, validate and track 政府信息公开工作年度报告 tables in Postgres.')
    .configureOutput({
      // A usage error is one line too, e.g. "gongkai: unknown option '--sitee' (Did you mean --site?)".
      outputError: (text, write) =>
        write(
          `gongkai: ${text
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (see --help)\n`,
        ),
    })
    .version('0.1.0');
}

async function buildProgram(name: string | undefined): Promise<Command> {
  const own = GROUPS.find((g) => name !== undefined && g.commands.includes(name));
  if (own) {
    const program = newProgram();
    (await own.load())(program);
    if (program.commands.some((c) => c.name() === name || c.aliases().includes(name!))) return program;
  }
  const program = newProgram();
  for (const register of await Promise.all(GROUPS.map((g) => g.load()))) register(program);
  return program;
}

installErrorHandling();
buildProgram(process.argv[2])
  .then((program) => program.parseAsync(process.argv))
  .catch(failWith);
