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

function isTrusted(proxies: net.BlockList, address: string): boolean {
  const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
  return type !== null && proxies.check(address, type);
}

/** How to read a request's client address, trusting X-Forwarded-For from `proxies` only. */
export function clientAddressReader(proxies: net.BlockList | null): ClientAddressOf {
  return (request) => {
    const peer = canonical(request.socket.remoteAddress ?? 'unknown');
    if (!proxies || !isTrusted(proxies, peer)) return peer;
    const header = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((hop) => canonical(hop.trim()))
      .filter((hop) => hop !== '');
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      // Anything that is no address (a forged or garbled entry) ends the walk: it is the client's say.
      const hop = hops[i];
      if (hop === undefined || net.isIP(hop) === 0) break;
      client = hop;
      if (!isTrusted(proxies, client)) break;
    }
    return client;
  };
}
