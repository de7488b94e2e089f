// The fetcher and per-host politeness gates. See README "Portals and fetching".
export type { FetchRequest, FetchResult, Fetcher } from './types.js';
export { createFetcher, USER_AGENT, ROBOTS_AGENT, type FetcherOptions, type PoliteFetcher } from './fetcher.js';
export { MemoryHostGate, acquireSlot, type HostGate, type GateDecision } from './host-gate.js';
export { RedisHostGate } from './host-gate-redis.js';
export { PgHostGate, HOST_GATE_SCHEMA, type Query } from '../../db/host-gate.js';
export { BaseUrlOverrides } from './overrides.js';
export { isForbiddenAddress, systemResolveAll, type ResolveAll } from './address-guard.js';
export { parseRetryAfter } from './retry-after.js';
export { hostMatches, inScope } from './scope.js';
export { createFetcherFromSettings } from './from-settings.js';
