// The HostGate on Redis: one key per host holding the time (Redis clock, microseconds) the next slot opens, checked
// and set atomically by a Lua script, so any number of processes share it.
import type { Redis } from 'ioredis';
import type { GateDecision, HostGate } from './host-gate.js';

// KEYS[1] host key; ARGV[1] interval in microseconds. Returns 0 (slot taken) or the wait in microseconds.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now >= nxt then
  local interval = tonumber(ARGV[1])
  redis.call('SET', KEYS[1], tostring(now + interval), 'PX', math.floor(interval / 1000) + 60000)
  return 0
end
return nxt - now
`;

// KEYS[1] host key; ARGV[1] interval in microseconds: next = max(next, now + interval).
const EXTEND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local interval = tonumber(ARGV[1])
if now + interval > nxt then
  redis.call('SET', KEYS[1], tostring(now + interval), 'PX', math.floor(interval / 1000) + 60000)
end
return 0
`;

export interface RedisHostGateOptions {
  /** Key prefix (default `gongkai:host-gate:`); give each test its own. */
  prefix?: string;
}

export class RedisHostGate implements HostGate {
  private readonly prefix: string;
  private sha: string | null = null;

  constructor(private readonly redis: Redis, opts: RedisHostGateOptions = {}) {
    this.prefix = opts.prefix ?? 'gongkai:host-gate:';
  }

  async tryAcquire(host: string, intervalMs: number): Promise<GateDecision> {
    const key = this.prefix + host.toLowerCase();
    const arg = String(Math.round(intervalMs * 1000));
    let waitUs: number;
    try {
      this.sha ??= (await this.redis.script('LOAD', SCRIPT)) as string;
      waitUs = Number(await this.redis.evalsha(this.sha, 1, key, arg));
    } catch (err) {
      if (!String(err).includes('NOSCRIPT')) throw err;
      waitUs = Number(await this.redis.eval(SCRIPT, 1, key, arg));
    }
    return waitUs <= 0 ? { go: true } : { go: false, waitMs: Math.ceil(waitUs / 1000) };
  }

  async extend(host: string, intervalMs: number): Promise<void> {
    await this.redis.eval(EXTEND, 1, this.prefix + host.toLowerCase(), String(Math.round(intervalMs * 1000)));
  }
}
