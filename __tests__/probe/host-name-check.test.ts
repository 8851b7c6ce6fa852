import type { PeerCertificate } from "node:tls";
import { libpqHostNameCheck } from "../../probe/host-name-check";

// In-process (unit tier), so mutation testing sees it (npm run mutate, issue 27); moved from libpq-rules.test.ts,
// which runs in the integration tier for its loopback listener.
describe("verify-full's host name check, in libpq's words (fe-secure-common.c)", () => {
  const cert = { subjectaltname: "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
    subject: { CN: "localhost" } } as unknown as PeerCertificate;
  test("a matching name passes", () => expect(libpqHostNameCheck("localhost", cert)).toBeUndefined());
  test("a matching IP address passes", () => expect(libpqHostNameCheck("127.0.0.1", cert)).toBeUndefined());
  test("a trailing dot matches nothing, as libpq compares the host as given (Node drops the dot)", () => {
    expect(libpqHostNameCheck("localhost.", cert)?.message)
      .toBe('server certificate for "localhost" (and 2 other names) does not match host name "localhost."');
  });
  test("one name: no count", () => {
    const one = { subjectaltname: "DNS:db.example.com", subject: { CN: "x" } } as unknown as PeerCertificate;
    expect(libpqHostNameCheck("other.example.com", one)?.message)
      .toBe('server certificate for "db.example.com" does not match host name "other.example.com"');
  });
  // Found by mutation testing (issue 27): each case below let a mutant survive.
  test("two names: '1 other name', singular; the error carries Node's code", () => {
    const two = { subjectaltname: "DNS:a.example.com, IP Address:10.0.0.1", subject: { CN: "x" } } as unknown as PeerCertificate;
    const error = libpqHostNameCheck("b.example.com", two);
    expect(error?.message).toBe('server certificate for "a.example.com" (and 1 other name) does not match host name "b.example.com"');
    expect(error).toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });
  test("without subjectAltName the subject's CN is the name; other SAN kinds are not names", () => {
    const cnOnly = { subject: { CN: "db.example.com" } } as unknown as PeerCertificate;
    expect(libpqHostNameCheck("db.example.com.", cnOnly)?.message)
      .toBe('server certificate for "db.example.com" does not match host name "db.example.com."');
    const uriOnly = { subjectaltname: "URI:https://db.example.com, email:a@b", subject: { CN: "db.example.com" } } as unknown as PeerCertificate;
    expect(libpqHostNameCheck("other.example.com", uriOnly)?.message)
      .toBe('server certificate for "db.example.com" does not match host name "other.example.com"');
    const xDns = { subjectaltname: "XDNS:evil, DNS:db.example.com", subject: {} } as unknown as PeerCertificate;
    expect(libpqHostNameCheck("other.example.com", xDns)?.message)
      .toBe('server certificate for "db.example.com" does not match host name "other.example.com"');
  });
  test("no name at all: libpq's own words", () => {
    const none = { subject: {} } as unknown as PeerCertificate;
    expect(libpqHostNameCheck("db.example.com", none)?.message).toBe("could not get server's host name from server certificate");
    const noSubject = {} as unknown as PeerCertificate;
    expect(libpqHostNameCheck("db.example.com", noSubject)?.message).toBe("could not get server's host name from server certificate");
  });
});
