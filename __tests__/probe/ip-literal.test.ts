import * as net from "node:net";
import { ipVersion } from "../../probe/ip-literal";

// ipVersion skips Node's IPv6 expression for a string without a colon (issue 26, the probe's start); it must
// answer as net.isIP does for every string, or a host name would be dialled as an address or the reverse.
describe("ipVersion answers as net.isIP", () => {
  const corpus = [
    "", "localhost", "db.example.com", "db.example.com.", "127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1",
    "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "::", "::1", "1::", "fe80::1%eth0", "fe80::1%", "::ffff:1.2.3.4",
    "2001:db8::8a2e:370:7334", "2001:0db8:0000:0000:0000:ff00:0042:8329", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:1.2.3.4", "[::1]", "::1]", "g::1", ":", ":::", "1.2.3.4:5432", "localhost:5432", "%eth0", "1.2.3.4%eth0",
    "/var/run/postgresql", "xn--bcher-kva.example", "1e100.net", "0x7f.0.0.1", "１.２.３.４",
  ];
  test.each(corpus)("%j", (text) => expect(ipVersion(text)).toBe(net.isIP(text)));

  test("and on 20000 strings drawn from the characters addresses are made of (fixed seed)", () => {
    let seed = 26;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const alphabet = "0123456789abcdefABCDEF:.%x-";
    const disagreements: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const length = 1 + Math.floor(random() * 24);
      let text = "";
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      if (ipVersion(text) !== net.isIP(text)) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
  });
});
