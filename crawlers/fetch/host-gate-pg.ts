// The per-host politeness gate on PostgreSQL or PGlite (the no-Redis mode), through any `query(sql, params)` (a pg
// Pool/Client or PGlite); its SQL is in db/host-gate.ts.
import { HOST_GATE_EXTEND, HOST_GATE_SCHEMA, HOST_GATE_TAKE, HOST_GATE_WAIT } from '../../db/host-gate.js';
import type { GateDecision, HostGate } from './host-gate.js';

export type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export class PgHostGate implements HostGate {
  private ready: Promise<void> | null = null;

  constructor(private readonly query: Query) {}

  /** Creates the table if needed (also done on first use). */
  ensureSchema(): Promise<void> {
    this.ready ??= this.query(HOST_GATE_SCHEMA).then(() => undefined);
    return this.ready;
  }

  async tryAcquire(host: string, intervalMs: number): Promise<GateDecision> {
    await this.ensureSchema();
    const h = host.toLowerCase();
    const taken = await this.query(HOST_GATE_TAKE, [h, intervalMs]);
    if (taken.rows.length > 0) return { go: true };
    const r = await this.query(HOST_GATE_WAIT, [h]);
    const wait = Number(r.rows[0]?.wait_ms ?? 0);
    return { go: false, waitMs: Math.max(1, Math.ceil(wait)) };
  }

  async extend(host: string, intervalMs: number): Promise<void> {
    await this.ensureSchema();
    await this.query(HOST_GATE_EXTEND, [host.toLowerCase(), intervalMs]);
  }
}
