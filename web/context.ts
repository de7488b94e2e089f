// What every route needs: the read-only store and the metric catalog (cell keys and labels, loaded at start).
import type { AggregateRow, Overview } from '../db/explorer.js';
import type { ReadOnlyDb } from '../db/read-only.js';
import type { VersionedCache } from './cache.js';
import type { PageResult } from './layout.js';
import type { MetricCatalog } from './metrics.js';
import type { Query } from './params.js';

export interface AppContext {
  db: ReadOnlyDb;
  catalog: MetricCatalog;
  /** Aggregates over every report, by metric and region, while no new revision is stored. */
  aggregates: VersionedCache<AggregateRow[]>;
  overview: VersionedCache<Overview>;
}

export interface PageRequest {
  query: Query;
  /** Path and query string as requested (for download and pager links). */
  url: string;
  /** true when the table is being downloaded (larger page sizes). */
  download: boolean;
}

export type PageHandler = (ctx: AppContext, req: PageRequest) => Promise<PageResult>;
