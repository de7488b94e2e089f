// The sites the crawler knows: the shipped registry (config/sites.yaml) and the user's own rows
// ($GONGKAI_HOME/sites.yaml, or the file GONGKAI_SITES / --sites names), read once and validated.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings } from './settings.js';
import { mergeRegistries, readRegistryFile } from './site-registry.js';
import type { SiteConfig } from './site-schema.js';

export type { SiteConfig, SiteEntry } from './site-schema.js';

/** The registry shipped with gongkai, beside this module (the build copies it to dist/config/). */
export function shippedRegistryFile(): string {
  return fileURLToPath(new URL('./sites.yaml', import.meta.url));
}

/** The user's registry: --sites FILE / GONGKAI_SITES, else $GONGKAI_HOME/sites.yaml. */
export function userRegistryFile(): string {
  const s = settings();
  return s.sitesFile ?? path.join(s.home, 'sites.yaml');
}

let chosenFile: string | undefined;
let loaded: SiteConfig[] | undefined;

/** Use this user registry file instead of the default (the CLI's --sites FILE). */
export function useRegistryFile(file: string): void {
  if (!fs.existsSync(file)) throw new Error(`--sites ${file}: no such file`);
  chosenFile = path.resolve(file);
  loaded = undefined;
}

/** Every site: shipped rows, replaced or extended by the user's. Throws a RegistryError for a bad file. */
export function sites(): SiteConfig[] {
  if (loaded) return loaded;
  const user = chosenFile ?? userRegistryFile();
  const lists = [readRegistryFile(shippedRegistryFile())];
  if (chosenFile || fs.existsSync(user)) lists.push(readRegistryFile(user));
  loaded = mergeRegistries(...lists);
  return loaded;
}

/** The registry file a user's new rows go to. */
export function registryFileForWrites(): string {
  return chosenFile ?? userRegistryFile();
}

export function getSite(id: string): SiteConfig {
  const site = sites().find((s) => s.id === id);
  if (!site)
    throw new Error(
      `unknown site "${id}" (known: ${sites()
        .map((s) => s.id)
        .join(', ')})`,
    );
  return site;
}

/** All hosts a site's requests may go to: its own and its attachment hosts. */
export function hostsOf(site: SiteConfig): string[] {
  return [...site.hosts, ...(site.attachmentHosts ?? [])];
}
