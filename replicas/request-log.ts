// Every request a replica answers, for tests and benchmarks to count and time.

export interface LoggedRequest {
  site: string;
  method: string;
  /** Path and query as requested. */
  path: string;
  /** Host header as sent. */
  host: string | undefined;
  /** Arrival time, ms since the epoch with sub-ms precision. */
  time: number;
  /** Status answered (0 when the connection was reset). */
  status: number;
  userAgent: string | undefined;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  fault: string | null;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  /** Entries dropped from the front once `maxEntries` was reached (a long `gongkai portals` run). */
  dropped = 0;

  constructor(private readonly maxEntries = 500_000) {}

  add(e: LoggedRequest): void {
    this.entries.push(e);
    if (this.entries.length > this.maxEntries) {
      const n = Math.ceil(this.maxEntries / 10);
      this.entries.splice(0, n);
      this.dropped += n;
    }
  }

  /** Entries of one site (optionally only those matching `pred`). */
  of(site: string, pred: (e: LoggedRequest) => boolean = () => true): LoggedRequest[] {
    return this.entries.filter((e) => e.site === site && pred(e));
  }

  count(site?: string, pred: (e: LoggedRequest) => boolean = () => true): number {
    return this.entries.filter((e) => (site === undefined || e.site === site) && pred(e)).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
