// Per-host politeness across any number of worker processes. A gate hands out one "slot" per host per interval:
// `go` when the host's previous slot is at least `intervalMs` old (the slot is then taken), otherwise how long to
// wait — a BullMQ worker turns that into `job.moveToDelayed`, an in-process caller sleeps.

export type GateDecision = { go: true } | { go: false; waitMs: number };

export interface HostGate {
  tryAcquire(host: string, intervalMs: number): Promise<GateDecision>;
  /**
   * The request that took the slot has finished now: the next slot opens no earlier than `intervalMs` from now.
   * The interval then counts from the later of the grant and the end of the previous exchange, so a request
   * delayed between its grant and the wire cannot end up closer than the interval to the next one.
   */
  extend?(host: string, intervalMs: number): Promise<void>;
  close?(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait for the host's slot (sleeping as told), at most `maxWaitMs`; returns the time waited. */
export async function acquireSlot(
  gate: HostGate,
  host: string,
  intervalMs: number,
  maxWaitMs = 10 * 60_000,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    const d = await gate.tryAcquire(host, intervalMs);
    if (d.go) return Date.now() - start;
    if (Date.now() - start + d.waitMs > maxWaitMs) throw new Error(`politeness: waited too long for host ${host}`);
    await sleep(Math.max(1, d.waitMs));
  }
}

/** One process only (tests, a single embedded worker). */
export class MemoryHostGate implements HostGate {
  private next = new Map<string, number>();
  async tryAcquire(host: string, intervalMs: number): Promise<GateDecision> {
    const now = performance.now();
    const at = this.next.get(host) ?? 0;
    if (now >= at) {
      this.next.set(host, now + intervalMs);
      return { go: true };
    }
    return { go: false, waitMs: Math.ceil(at - now) };
  }

  async extend(host: string, intervalMs: number): Promise<void> {
    this.next.set(host, Math.max(this.next.get(host) ?? 0, performance.now() + intervalMs));
  }
}
