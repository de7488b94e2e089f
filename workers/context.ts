// Everything the processors share: store, fetcher, politeness gate, renderer, parser pool, queues, site registry.
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Renderer } from '../crawlers/fetch/renderer.js';
import type { Fetcher } from '../crawlers/fetch/types.js';
import type { SiteConfig } from '../crawlers/types.js';
import type { Store } from '../db/store.js';
import type { ParsePool } from './parse-pool.js';
import type { RetryPolicy } from './queues.js';

export interface PipelineContext {
  store: Store & { documentBytes(id: number): Promise<Uint8Array> };
  /** The polite fetcher: scope, robots.txt, per-host politeness across processes (HostGate), overrides. */
  fetcher: Fetcher;
  /** Absent when no browser is available: JS-only listings are then skipped with a clear message. */
  renderer: Renderer | null;
  /** Why there is no renderer (shown to the user), when there is none. */
  rendererMissing?: string;
  parsePool: ParsePool;
  queues: { discover: Queue; fetch: Queue };
  site(id: string): SiteConfig;
  siteIds(): string[];
  retry: RetryPolicy;
  log: Logger;
}

export function hostOf(url: string): string {
  return new URL(url).host;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
