import * as net from "node:net";

/**
 * net.isIP, without running Node's IPv6 expression on a string with no colon, which it can never match
 * (every IPv6 form has one, no IPv4 form has one). That expression is large: V8 compiles it the first time
 * it runs (3 to 4 ms on Node 24, 8 on Node 20) and natively the second time (about 1 ms more), and a host
 * name reaches it anyway in dns.lookup and tls.connect, so the probe's own checks of a host name stay off
 * it (issue 26).
 */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (text.includes(":")) return net.isIPv6(text) ? 6 : 0;
  return net.isIPv4(text) ? 4 : 0;
}

/**
 * Runs Node's IPv6 check once more on a host name just handed to dns.lookup (whose own check compiled the
 * expression): its second run is where V8 compiles it to machine code, done here while getaddrinfo works
 * in Node's thread pool instead of in tls.connect's check of the server name, after the server answered.
 * The answer is not used.
 */
export function compileIpCheckAhead(host: string): void {
  net.isIPv6(host);
}
