import os from 'node:os';

/** This machine's IPv4 addresses that others on the LAN can reach (no loopback). */
export function lanAddresses(interfaces = os.networkInterfaces()): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const address of list ?? []) {
      if (address.family === 'IPv4' && !address.internal) out.push(address.address);
    }
  }
  return out.sort();
}

/** The ws:// URLs an invite should carry for a server bound to `host`:`port`. */
export function signalingUrlsFor(host: string, port: number, interfaces = os.networkInterfaces()): string[] {
  const hosts = host === '0.0.0.0' || host === '::' ? lanAddresses(interfaces) : [host];
  return (hosts.length ? hosts : ['127.0.0.1']).map((h) => `ws://${h}:${port}`);
}
