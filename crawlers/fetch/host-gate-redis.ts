// The HostGate on Redis: one key per host holding "<time the next slot opens, Redis clock, µs>:<holder token>",
// checked and set atomically by Lua scripts, so any number of processes share it.
import type { Redis } from 'ioredis';
import { type GateDecision, type HostGate, newHoldToken } from './host-gate.js';

// Reads KEYS[1] into `nxt` (µs) and `holder` ('' when nobody holds the host; older values have no holder part).
const READ = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local v = redis.call('GET', KEYS[1]) or '0'
local i = string.find(v, ':', 1, true)
local nxt = tonumber(i and string.sub(v, 1, i - 1) or v) or 0
local holder = i and string.sub(v, i + 1) or ''
local function put(at, who)
  redis.call('SET', KEYS[1], string.format('%.0f', at) .. ':' .. who, 'PX', math.floor((at - now) / 1000) + 60000)
end
`;

// ARGV: interval µs, hold µs (0: none), token. Returns 0 (slot taken) or the wait in µs (at most the interval
// while the host is held: the holder may release it any moment).
const TAKE = `${READ}
local interval = tonumber(ARGV[1])
local hold = tonumber(ARGV[2])
if now >= nxt then
  if hold > 0 then put(now + hold, ARGV[3]) else put(now + interval, '') end
  return 0
end
local wait = nxt - now
if holder ~= '' and wait > interval then wait = interval end
return wait
`;

// ARGV: interval µs, token. The holder reopens the host an interval from now; anyone else only delays it.
const RELEASE = `${READ}
local interval = tonumber(ARGV[1])
if holder ~= '' and holder == ARGV[2] then
  put(now + interval, '')
elseif now + interval > nxt then
  put(now + interval, holder)
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

  async tryAcquire(host: string, intervalMs: number, holdMs?: number): Promise<GateDecision> {
    const token = holdMs ? newHoldToken() : '';
    const waitUs = await this.run(TAKE, this.prefix + host.toLowerCase(), [
      micros(intervalMs),
      micros(holdMs ?? 0),
      token,
    ]);
    if (waitUs > 0) return { go: false, waitMs: Math.ceil(waitUs / 1000) };
    return token ? { go: true, token } : { go: true };
  }

  async release(host: string, intervalMs: number, token?: string): Promise<void> {
    await this.run(RELEASE, this.prefix + host.toLowerCase(), [micros(intervalMs), token ?? '']);
  }

  /** EVALSHA with the script cached on the server; EVAL once if the server lost it (restart, SCRIPT FLUSH). */
  private async run(script: string, key: string, args: string[]): Promise<number> {
    try {
      let sha = this.shas.get(script);
      if (!sha) {
        sha = (await this.redis.script('LOAD', script)) as string;
        this.shas.set(script, sha);
      }
      return Number(await this.redis.evalsha(sha, 1, key, ...args));
    } catch (err) {
      if (!String(err).includes('NOSCRIPT')) throw err;
      this.shas.delete(script);
      return Number(await this.redis.eval(script, 1, key, ...args));
    }
  }
}

const micros = (ms: number) => String(Math.round(ms * 1000));
