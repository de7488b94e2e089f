// Per-host politeness across any number of worker processes. A gate hands out one slot per host at a time: `go`
// when the host's next slot is open (the slot is then taken), otherwise how long to wait — a BullMQ worker turns
// that into `job.moveToDelayed`, an in-process caller sleeps.
//
// The fetcher takes a slot with a hold: the host stays taken while its request is on the way (however long a
// loaded machine keeps it from the wire) and reopens `intervalMs` after the response began (`release`). So the
// interval holds between the requests as the server sees them, not just between the grants.
import crypto from 'node:crypto';

export type GateDecision = { go: true; token?: string } | { go: false; waitMs: number };

export interface HostGate {
  /**
   * Take the host's slot if it is open. Without `holdMs` it reopens `intervalMs` from now. With `holdMs` the host
   * is held until `release` with the returned token (or, should the holder die, until `holdMs` has passed); a
   * caller that finds it held is told to look again within `intervalMs`.
   */
  tryAcquire(host: string, intervalMs: number, holdMs?: number): Promise<GateDecision>;
  /**
   * The request that took the slot has its response (or failed): the host's next slot opens `intervalMs` from now.
   * A token that no longer holds the host (its hold ran out) only pushes the next slot out, never earlier.
   */
  release?(host: string, intervalMs: number, token?: string): Promise<void>;
  close?(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const newHoldToken = (): string => crypto.randomUUID();

/** Wait for the host's slot (sleeping as told), at most `maxWaitMs`; returns the hold's token, if any. */
export async function acquireSlot(
  gate: HostGate,
  host: string,
  intervalMs: number,
  holdMs?: number,
  maxWaitMs = 10 * 60_000,
): Promise<string | undefined> {
  const start = Date.now();
  for (;;) {
    const d = await gate.tryAcquire(host, intervalMs, holdMs);
    if (d.go) return d.token;
    if (Date.now() - start + d.waitMs > maxWaitMs) throw new Error(`politeness: waited too long for host ${host}`);
    await sleep(Math.max(1, d.waitMs));
  }
}

/** One process only (tests, a single embedded worker). */
export class MemoryHostGate implements HostGate {
  private slots = new Map<string, { next: number; holder?: string }>();

  async tryAcquire(host: string, intervalMs: number, holdMs?: number): Promise<GateDecision> {
    const now = performance.now();
    const slot = this.slots.get(host) ?? { next: 0 };
    if (now >= slot.next) {
      const token = holdMs ? newHoldToken() : undefined;
      this.slots.set(host, { next: now + (holdMs ?? intervalMs), holder: token });
      return { go: true, token };
    }
    const wait = Math.ceil(slot.next - now);
    return { go: false, waitMs: slot.holder ? Math.min(wait, Math.ceil(intervalMs)) : wait };
  }

  async release(host: string, intervalMs: number, token?: string): Promise<void> {
    const now = performance.now();
    const slot = this.slots.get(host) ?? { next: 0 };
    if (token && slot.holder === token) this.slots.set(host, { next: now + intervalMs });
    else this.slots.set(host, { next: Math.max(slot.next, now + intervalMs), holder: slot.holder });
  }
}
