#!/usr/bin/env node
// The `gongkai` command line. Each group of commands lives in scripts/commands/ and registers itself here.
import { Command } from 'commander';
import { registerCrawlCommands } from './commands/crawl.js';
import { registerExploreCommands } from './commands/explore.js';
import { registerJobsCommands } from './commands/jobs.js';
import { registerParseCommands } from './commands/parse.js';
import { registerPortalCommands } from './commands/portals.js';
import { registerStoreCommands } from './commands/store.js';

const program = new Command()
  .name('gongkai')
  .description('Crawl, extract, validate and track 政府信息公开工作年度报告 tables in Postgres.')
  .showHelpAfterError()
  .version('0.1.0');

registerParseCommands(program);
registerStoreCommands(program);
registerCrawlCommands(program);
registerJobsCommands(program);
registerPortalCommands(program);
registerExploreCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`gongkai: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
