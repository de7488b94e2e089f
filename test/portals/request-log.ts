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

  add(e: LoggedRequest): void {
    this.entries.push(e);
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
