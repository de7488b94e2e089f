// The HostGate on Redis: one key per host holding the time (Redis clock, microseconds) the next slot opens, checked
// and set atomically by a Lua script, so any number of processes share it.
import type { Redis } from 'ioredis';
import type { GateDecision, HostGate } from './host-gate.js';

// KEYS[1] host key; ARGV[1] interval in microseconds. Returns 0 (slot taken) or the wait in microseconds.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now >= nxt then
  local interval = tonumber(ARGV[1])
  redis.call('SET', KEYS[1], string.format('%.0f', now + interval), 'PX', math.floor(interval / 1000) + 60000)
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
  redis.call('SET', KEYS[1], string.format('%.0f', now + interval), 'PX', math.floor(interval / 1000) + 60000)
end
return 0
`;

export interface RedisHostGateOptions {
  /** Key prefix (default `gongkai:host-gate:`); give each test its own. */
  prefix?: string;
}

export class RedisHostGate implements HostGate {
  private readonly prefix: string;
  private readonly shas = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    opts: RedisHostGateOptions = {},
  ) {
    this.prefix = opts.prefix ?? 'gongkai:host-gate:';
  }

  async tryAcquire(host: string, intervalMs: number): Promise<GateDecision> {
    const waitUs = await this.run(TAKE, this.prefix + host.toLowerCase(), intervalMs);
    return waitUs <= 0 ? { go: true } : { go: false, waitMs: Math.ceil(waitUs / 1000) };
  }

  async extend(host: string, intervalMs: number): Promise<void> {
    await this.run(EXTEND, this.prefix + host.toLowerCase(), intervalMs);
  }

  /** EVALSHA with the script cached on the server; EVAL once if the server lost it (restart, SCRIPT FLUSH). */
  private async run(script: string, key: string, intervalMs: number): Promise<number> {
    const arg = String(Math.round(intervalMs * 1000));
    try {
      let sha = this.shas.get(script);
      if (!sha) {
        sha = (await this.redis.script('LOAD', script)) as string;
        this.shas.set(script, sha);
      }
      return Number(await this.redis.evalsha(sha, 1, key, arg));
    } catch (err) {
      if (!String(err).includes('NOSCRIPT')) throw err;
      this.shas.delete(script);
      return Number(await this.redis.eval(script, 1, key, arg));
    }
  }
}
