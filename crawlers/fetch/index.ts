// The fetcher (an ordered chain of steps, see chain.ts and steps/) and the per-host politeness gates. See README
// "The fetcher".

export { isForbiddenAddress, type ResolveAll } from './address-guard.js';
export { createFetcher, type FetcherOptions, type PoliteFetcher, ROBOTS_AGENT, USER_AGENT } from './fetcher.js';
export { createFetcherFromSettings } from './from-settings.js';
export { type GateDecision, type HostGate, MemoryHostGate } from './host-gate.js';
export { PgHostGate, type Query } from './host-gate-pg.js';
export { RedisHostGate } from './host-gate-redis.js';
export { BaseUrlOverrides } from './overrides.js';
export { parseRetryAfter } from './retry-after.js';
export { ROBOTS_MAX_BYTES } from './robots.js';
export type { Fetcher, FetchRequest, FetchResult } from './types.js';
