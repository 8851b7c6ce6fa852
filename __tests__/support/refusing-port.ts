import * as fs from "node:fs";
import * as net from "node:net";

/** Ports handed out in this process: two cases of a file running at once never share one. */
const handedOut = new Set<number>();
const LANES = 16;

/** The kernel's ephemeral range: the ports bind(0) and outgoing connections are given. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (low > 0 && high >= low) return [low, high];
  } catch {
    // Not Linux: the IANA range.
  }
  return [49152, 65535];
}

/** Whether `host:port` can be listened on now (an address family the machine lacks counts as free). */
function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRNOTAVAIL" || error.code === "EAFNOSUPPORT"));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * A loopback port nothing listens on, for a case that must be refused: outside the kernel's ephemeral range,
 * so no listen(0) of another case or test file (a test server, a PostgreSQL on freePort()) is given it while
 * the case runs, and no outgoing connection has it as its source port (a connection to a closed port in the
 * ephemeral range can pick that very port and connect to itself); never one this process handed out before
 * (a case that then listens there itself, as the --wait relay does, answers no other case), nor one another
 * jest worker may pick; and checked free on 127.0.0.1 and ::1 when picked. freePort() (rehearsal/local-postgres.ts)
 * gives a port from the ephemeral range: right for a server about to listen, not for one that must stay closed.
 */
export async function refusingPort(): Promise<number> {
  const [low, high] = ephemeralRange();
  // Below the range when it leaves room (Linux's default starts at 32768), else above it.
  const [from, to] = low > 21000 ? [20000, low - 1] : [high + 1, 65535];
  if (to < from) throw new Error(`no loopback port outside the ephemeral range ${low}-${high}`);
  // Each jest worker its own residue modulo 16: files running at once in other workers never pick the same port.
  const lane = Number(process.env.JEST_WORKER_ID ?? 0) % LANES;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = from + Math.floor(Math.random() * ((to - from + 1) / LANES)) * LANES + lane;
    if (port > to || handedOut.has(port)) continue;
    if (await canListen(port, "127.0.0.1") && await canListen(port, "::1")) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free loopback port in ${from}-${to}`);
}
