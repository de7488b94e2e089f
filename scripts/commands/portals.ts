import type { Command } from 'commander';

// Placeholder: the commands of this group are being built.
export function registerPortalCommands(_program: Command): void {}
