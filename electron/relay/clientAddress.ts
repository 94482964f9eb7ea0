import type http from 'node:http';
import net from 'node:net';

/*
 * The address a connection's limits are counted against. Behind a reverse
 * proxy every socket comes from the proxy, so with trusted proxies configured
 * (`cairn relay --trust-proxy`) the client's address is read from
 * X-Forwarded-For: each proxy appends the address it received the request
 * from, so walking the list from the right, the first entry that is not a
 * trusted proxy is the client (entries left of it are the client's say, and
 * anyone can write them). From any other peer the header is ignored.
 *
 * Read: X-Forwarded-For only (not RFC 7239's Forwarded), every such header
 * joined in order; entries are IPv4 (`198.51.100.1`), IPv6 (`2001:db8::7`,
 * IPv4-mapped too), either with a port (`198.51.100.1:5678`,
 * `[2001:db8::7]:80`) or IPv6 in brackets. Anything else ends the walk.
 *
 * An IPv6 client is counted by its /64: a single host is commonly handed a
 * whole /64, and could otherwise take a fresh address, and fresh limits, for
 * each connection.
 */

export type ClientAddressOf = (request: http.IncomingMessage) => string;

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) and `10.0.0.1` are one address. */
function canonical(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Trusted proxies as addresses or CIDR ranges (`10.0.0.0/8`, `::1`); throws with the one it cannot read. */
export function trustedProxies(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = canonical(entry.trim()).split('/');
    const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
    const bits = prefix === undefined ? null : Number(prefix);
    const maxBits = type === 'ipv4' ? 32 : 128;
    if (type === null || rest.length > 0 || (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))) {
      throw new Error(`"${entry}" is not an IP address or a CIDR range`);
    }
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

/** An X-Forwarded-For entry's address without its port or brackets (`[::1]:80` is `::1`); other text as it is. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1] || entry; // `[]` stays as it is, and ends the walk
  const ipv4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return ipv4WithPort?.[1] ?? entry;
}

/** The first 64 bits of an IPv6 address, as `2001:db8:0:0::/64`; null when `address` is no IPv6 address. */
function ipv6Prefix64(address: string): string | null {
  const unzoned = address.split('%')[0] ?? '';
  if (!net.isIPv6(unzoned)) return null;
  // The first four groups hold the prefix: an embedded IPv4 tail (`64:ff9b::1.2.3.4`) is past them.
  const [head = '', tail] = unzoned.replace(/:\d+\.\d+\.\d+\.\d+$/, ':0:0').split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** What the limits count for a client address: itself for IPv4, its /64 for IPv6. */
function limitKey(address: string): string {
  return ipv6Prefix64(address) ?? address;
}

function isTrusted(proxies: net.BlockList, address: string): boolean {
  const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
  return type !== null && proxies.check(address, type);
}

/** How to read a request's client address, trusting X-Forwarded-For from `proxies` only. */
export function clientAddressReader(proxies: net.BlockList | null): ClientAddressOf {
  return (request) => {
    const peer = canonical(request.socket.remoteAddress ?? 'unknown');
    if (!proxies || !isTrusted(proxies, peer)) return limitKey(peer);
    const header = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((hop) => canonical(withoutPort(hop.trim())))
      .filter((hop) => hop !== '');
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      // Anything that is no address (a forged or garbled entry) ends the walk: it is the client's say.
      const hop = hops[i];
      if (hop === undefined || net.isIP(hop) === 0) break;
      client = hop;
      if (!isTrusted(proxies, client)) break;
    }
    return limitKey(client);
  };
}
