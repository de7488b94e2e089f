// The per-host politeness gate on PostgreSQL or PGlite (the no-Redis mode), through any `query(sql, params)` (a pg
// Pool/Client or PGlite); its SQL is in db/host-gate.ts, its table is made by migration 007 (the store runs it).
import { HOST_GATE_RELEASE, HOST_GATE_TAKE, HOST_GATE_WAIT } from '../../db/host-gate.js';
import { type GateDecision, type HostGate, newHoldToken } from './host-gate.js';

export type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export class PgHostGate implements HostGate {
  constructor(private readonly query: Query) {}

  async tryAcquire(host: string, intervalMs: number, holdMs?: number): Promise<GateDecision> {
    const h = host.toLowerCase();
    const token = holdMs ? newHoldToken() : null;
    const taken = await this.run(HOST_GATE_TAKE, [h, holdMs ?? intervalMs, token]);
    if (taken.rows.length > 0) return token ? { go: true, token } : { go: true };
    const r = await this.run(HOST_GATE_WAIT, [h]);
    const wait = Math.max(1, Math.ceil(Number(r.rows[0]?.wait_ms ?? 0)));
    return { go: false, waitMs: r.rows[0]?.held ? Math.min(wait, Math.ceil(intervalMs)) : wait };
  }

  async release(host: string, intervalMs: number, token?: string): Promise<void> {
    await this.run(HOST_GATE_RELEASE, [host.toLowerCase(), intervalMs, token ?? null]);
  }

  private async run(sql: string, params: unknown[]) {
    try {
      return await this.query(sql, params);
    } catch (err) {
      if ((err as { code?: string }).code === '42P01')
        throw new Error(
          'politeness gate: table gongkai_host_gate is missing (open the store once: it runs migration 007)',
        );
      throw err;
    }
  }
}
