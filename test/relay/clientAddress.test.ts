import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressReader, trustedProxies } from '../../electron/relay/clientAddress';

/** A request as the upgrade handler sees it: the socket's peer and the headers. */
const request = (peer: string, forwardedFor?: string) => ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as http.IncomingMessage;

describe("the address a connection's limits count", () => {
  const behind = clientAddressReader(trustedProxies(['10.0.0.5', '10.1.0.0/16', '::1']));

  it('is the peer when no proxy is trusted, whatever the header says', () => {
    expect(clientAddressReader(null)(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
    expect(behind(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
  });

  it("is the right-most forwarded address that is not a trusted proxy, through a chain of proxies", () => {
    expect(behind(request('10.0.0.5', '198.51.100.1'))).toBe('198.51.100.1');
    expect(behind(request('10.0.0.5', 'forged, 198.51.100.1'))).toBe('198.51.100.1');
    expect(behind(request('10.0.0.5', '198.51.100.9, 198.51.100.1, 10.1.2.3'))).toBe('198.51.100.1');
    expect(behind(request('::1', '2001:db8::7'))).toBe('2001:db8:0:0::/64');
  });

  it('counts an IPv6 client by its /64, as one client holds all of it', () => {
    const key = behind(request('::1', '2001:db8:1:2::7'));
    expect(key).toBe('2001:db8:1:2::/64');
    expect(behind(request('::1', '2001:DB8:1:2:ffff:ffff:ffff:ffff'))).toBe(key);
    expect(behind(request('::1', '2001:db8:1:3::7'))).not.toBe(key);
    // Without a proxy too: the peer's own address.
    expect(clientAddressReader(null)(request('2001:db8:1:2::1'))).toBe(key);
    expect(clientAddressReader(null)(request('fe80::1%eth0'))).toBe('fe80:0:0:0::/64');
    expect(clientAddressReader(null)(request('64:ff9b::198.51.100.1'))).toBe('64:ff9b:0:0::/64');
  });

  it('reads forwarded addresses that carry a port, and walks on past them', () => {
    expect(behind(request('10.0.0.5', '198.51.100.1:5678'))).toBe('198.51.100.1');
    expect(behind(request('10.0.0.5', '198.51.100.9, 10.1.2.3:443'))).toBe('198.51.100.9');
    expect(behind(request('10.0.0.5', '[2001:db8::7]:80'))).toBe('2001:db8:0:0::/64');
    expect(behind(request('10.0.0.5', '198.51.100.9, [::1]:80'))).toBe('198.51.100.9');
    expect(behind(request('10.0.0.5', '[2001:db8::7]'))).toBe('2001:db8:0:0::/64');
  });

  it('reads IPv4 on a dual-stack socket as IPv4', () => {
    expect(behind(request('::ffff:10.0.0.5', '::ffff:198.51.100.1'))).toBe('198.51.100.1');
  });

  it('stays with the last trusted hop when the header is missing, empty or not an address', () => {
    expect(behind(request('10.0.0.5'))).toBe('10.0.0.5');
    expect(behind(request('10.0.0.5', ''))).toBe('10.0.0.5');
    expect(behind(request('10.0.0.5', '198.51.100.1, not-an-address'))).toBe('10.0.0.5');
    expect(behind(request('10.0.0.5', '198.51.100.1, 198.51.100.2:port'))).toBe('10.0.0.5');
    expect(behind(request('10.0.0.5', '198.51.100.1, [not-an-address]:80'))).toBe('10.0.0.5');
  });

  it('refuses a proxy that is neither an address nor a range', () => {
    expect(() => trustedProxies(['10.0.0.256'])).toThrow('"10.0.0.256"');
    expect(() => trustedProxies(['10.0.0.0/33'])).toThrow('"10.0.0.0/33"');
    expect(() => trustedProxies(['proxy.example.org'])).toThrow('proxy.example.org');
  });
});
