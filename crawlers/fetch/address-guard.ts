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
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(addr, prefix, 'ipv6');

/** Private, loopback, link-local, unique-local, CGNAT, multicast or unspecified. */
export function isForbiddenAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) {
    const lower = ip.toLowerCase();
    // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address: judge that one.
    const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(lower, 'ipv6');
  }
  return true; // not an address at all
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
