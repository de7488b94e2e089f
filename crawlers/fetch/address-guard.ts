// SSRF guard: addresses a crawler must never connect to unless the user allows it (the local replicas need it).
import dns from 'node:dns';
import net from 'node:net';

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(addr, prefix, 'ipv4');
for (const [addr, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d (RFC 4291)
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed inside sites)
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(addr, prefix, 'ipv6');

/** Private, loopback, link-local, unique-/site-local, CGNAT, multicast or unspecified — in any IPv6 spelling. */
export function isForbiddenAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true; // not an address at all
  const words = ipv6Words(ip);
  if (!words) return true;
  if (blocked.check(wordsToText(words), 'ipv6')) return true;
  // Forms that carry an IPv4 address are judged by it: IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, and
  // 6to4 2002:AABB:CCDD::.
  const v4 = embeddedIpv4(words);
  return v4 !== null && blocked.check(v4, 'ipv4');
}

/** The eight 16-bit words of an IPv6 address (hex, `::`, a trailing dotted IPv4, a zone), or null. */
function ipv6Words(ip: string): number[] | null {
  let text = ip.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((w) => Number.parseInt(w, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const words = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

function wordsToText(words: number[]): string {
  return words.map((w) => w.toString(16)).join(':');
}

function embeddedIpv4(w: number[]): string | null {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && w[5] === 0xffff) return v4(w[6], w[7]); // ::ffff:0:0/96, IPv4-mapped
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(2, 6)) return v4(w[6], w[7]); // 64:ff9b::/96, NAT64
  if (w[0] === 0x2002) return v4(w[1], w[2]); // 2002::/16, 6to4
  return null;
}

export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `refused: ${host} resolves to ${address}, a private/loopback/link-local address (set GONGKAI_ALLOW_PRIVATE=1 to allow)`,
    );
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** Name resolution as the guard uses it (every address of a name): dns.lookup by default; injectable so tests
 *  (and users with their own resolver) can give a public-looking name a private answer. */
export type ResolveAll = (hostname: string, options: dns.LookupOptions) => Promise<dns.LookupAddress[]>;

export const systemResolveAll: ResolveAll = (hostname, options) =>
  dns.promises.lookup(hostname, { ...options, all: true });

/** A `lookup` for net.connect that refuses forbidden addresses: the check happens at connect time, every time. */
export function guardedLookup(
  allowPrivate: boolean,
  exempt: readonly string[] = [],
  resolveAll: ResolveAll = systemResolveAll,
) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolveAll(hostname, options).then(
      (list) => {
        const bad = allowPrivate
          ? undefined
          : list.find((a) => isForbiddenAddress(a.address) && !exempt.includes(a.address));
        if (bad)
          return callback(new ForbiddenAddressError(hostname, bad.address) as unknown as NodeJS.ErrnoException, []);
        if (options.all) return callback(null, list);
        callback(null, list[0].address, list[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };
}

/** Resolve a host (or take a literal address) and return the first forbidden address, if any. */
export async function forbiddenAddressOf(
  hostname: string,
  exempt: readonly string[] = [],
  resolveAll: ResolveAll = systemResolveAll,
): Promise<string | null> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return isForbiddenAddress(host) && !exempt.includes(host) ? host : null;
  const list = await resolveAll(host, {});
  return list.find((a) => isForbiddenAddress(a.address) && !exempt.includes(a.address))?.address ?? null;
}
