// Reading and writing site registry files (YAML, validated by config/site-schema.ts). A bad file is one clear
// error naming the file, the line, the field and the reason; nothing is half-loaded.
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { registrySchema, type SiteConfig, siteSchema } from './site-schema.js';

export class RegistryError extends Error {
  override name = 'RegistryError';
}

type Path = (string | number)[];

function fieldName(p: Path): string {
  return p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

/** Parse and validate one registry file's text; `file` names it in errors. */
export function parseRegistry(text: string, file: string): SiteConfig[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0].line ?? 1;
    throw new RegistryError(`${file}:${line}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const data = doc.toJS() ?? { sites: [] };
  const parsed = registrySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw new RegistryError(
      `${file}:${lineOf(doc, lines, issue.path as Path)}: ${fieldName(issue.path as Path) || 'the file'}: ${issue.message}`,
    );
  }
  const seen = new Map<string, number>();
  parsed.data.sites.forEach((s, i) => {
    if (seen.has(s.id)) {
      throw new RegistryError(
        `${file}:${lineOf(doc, lines, ['sites', i, 'id'])}: sites[${i}].id: "${s.id}" is already the id of sites[${seen.get(s.id)}]`,
      );
    }
    seen.set(s.id, i);
  });
  return parsed.data.sites;
}

/** The line of the deepest node of `p` the document has (the field itself, or the row missing it). */
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, p: Path): number {
  for (let n = p.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return 1;
}

export function readRegistryFile(file: string): SiteConfig[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RegistryError(
      `${file}: cannot read the site registry: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return parseRegistry(text, file);
}

/** Validate one site row (what `sites add` is about to write). */
export function checkSite(site: unknown): SiteConfig {
  const parsed = siteSchema.safeParse(site);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RegistryError(`site row: ${fieldName(issue.path as Path)}: ${issue.message}`);
}

/**
 * Add or replace (by id) one site row in a user's registry file, creating it when absent. Comments and the other
 * rows are kept as they are. Returns whether a row of that id was replaced.
 */
export function writeSiteRow(file: string, site: SiteConfig): { replaced: boolean } {
  const row = checkSite(site);
  const exists = fs.existsSync(file);
  const text = exists
    ? fs.readFileSync(file, 'utf8')
    : '# Your sites for gongkai (see README "Adding a site"); rows here replace shipped rows of the same id.\nsites: []\n';
  parseRegistry(text, file); // never write into a file that is already broken
  const doc = parseDocument(text);
  if (!isMap(doc.contents) || !doc.has('sites')) doc.set('sites', doc.createNode([]));
  const sites = doc.get('sites');
  if (!isSeq(sites)) throw new RegistryError(`${file}: "sites" must be a list`);
  const plain = JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
  const index = sites.items.findIndex((item) => isMap(item) && item.get('id') === row.id);
  if (index >= 0) sites.set(index, doc.createNode(plain));
  else sites.add(doc.createNode(plain));
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, doc.toString({ lineWidth: 0 }));
  fs.renameSync(tmp, file);
  return { replaced: index >= 0 };
}

/** Shipped rows first, then each user file's rows in order; a later row replaces an earlier one of the same id. */
export function mergeRegistries(...lists: SiteConfig[][]): SiteConfig[] {
  const byId = new Map<string, SiteConfig>();
  for (const list of lists) for (const s of list) byId.set(s.id, s);
  return [...byId.values()];
}
