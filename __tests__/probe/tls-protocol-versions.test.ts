import { tlsVersionRange, withProtocolRange } from "../../probe/tls-protocol-versions";
import { UsageError } from "../../probe/usage-error";

// ssl_min_protocol_version / ssl_max_protocol_version as libpq 15 reads them (postgres/postgres REL_15_STABLE,
// src/interfaces/libpq/fe-connect.c: sslVerifyProtocolVersion, sslVerifyProtocolRange; fe-secure-openssl.c
// open_client_SSL for the sentence after a version failure). Unit tier, for mutation testing (issue 27).

describe("tlsVersionRange", () => {
  test("unset minimum: libpq's default TLSv1.2 (PQconninfoOptions); empty: no bound, as libpq sets none for \"\"", () => {
    expect(tlsVersionRange(undefined, undefined)).toEqual({ minVersion: "TLSv1.2" });
    expect(tlsVersionRange("", undefined)).toEqual({});
    expect(tlsVersionRange("", "")).toEqual({});
  });

  test("names are compared without regard to case (pg_strcasecmp) and given to Node in its spelling", () => {
    expect(tlsVersionRange("tlsv1.1", "TLSV1.3")).toEqual({ minVersion: "TLSv1.1", maxVersion: "TLSv1.3" });
    expect(tlsVersionRange("TLSv1", "tlsv1")).toEqual({ minVersion: "TLSv1", maxVersion: "TLSv1" });
  });

  test("a minimum equal to the maximum is a valid range (sslVerifyProtocolRange: only min > max is refused)", () => {
    expect(tlsVersionRange("TLSv1.2", "TLSv1.2")).toEqual({ minVersion: "TLSv1.2", maxVersion: "TLSv1.2" });
    expect(tlsVersionRange("TLSv1.3", "TLSv1.3")).toEqual({ minVersion: "TLSv1.3", maxVersion: "TLSv1.3" });
  });

  test("the maximum alone is bounded by the default minimum: TLSv1.3 fine, TLSv1.1 not", () => {
    expect(tlsVersionRange(undefined, "TLSv1.3")).toEqual({ minVersion: "TLSv1.2", maxVersion: "TLSv1.3" });
    expect(() => tlsVersionRange(undefined, "TLSv1.1")).toThrow(new UsageError("invalid SSL protocol version range"));
  });

  test("an unknown name is refused naming its keyword and value", () => {
    expect(() => tlsVersionRange("TLSv1.2", "TLSv2")).toThrow('invalid ssl_max_protocol_version value: "TLSv2"');
    expect(() => tlsVersionRange("SSLv3", undefined)).toThrow('invalid ssl_min_protocol_version value: "SSLv3"');
  });
});

describe("withProtocolRange: libpq's sentence after a protocol-version failure", () => {
  const sslError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

  test("a version error gets OpenSSL's reason and the bounds in force", () => {
    const error = sslError("error:0A00042E:SSL routines::tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1605",
      { code: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", reason: "tlsv1 alert protocol version" });
    const result = withProtocolRange(error, { minVersion: "TLSv1.3", maxVersion: "TLSv1.3" });
    expect(result.message).toBe("SSL error: tlsv1 alert protocol version (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION). This may " +
      "indicate that the server does not support any SSL protocol version between TLSv1.3 and TLSv1.3.");
    expect((result as { code?: string }).code).toBe("ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION");
  });

  test("no bounds: libpq's MIN_OPENSSL_TLS_VERSION and MAX_OPENSSL_TLS_VERSION, TLSv1 and TLSv1.3", () => {
    const error = sslError("error:0A00010B:SSL routines::wrong version number:x", { code: "ERR_SSL_WRONG_VERSION_NUMBER" });
    expect(withProtocolRange(error, {}).message).toBe("SSL error: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER). This " +
      "may indicate that the server does not support any SSL protocol version between TLSv1 and TLSv1.3.");
  });

  test("OpenSSL 1.1's message (with a function name) and no reason field: the reason from the message", () => {
    const error = sslError("140:error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:s3_pkt.c:1",
      { code: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", reason: "" });
    expect(withProtocolRange(error, { minVersion: "TLSv1.2" }).message)
      .toMatch(/^SSL error: tlsv1 alert protocol version \(ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION\)\. .* between TLSv1\.2 and TLSv1\.3\.$/);
  });

  test("the error's own reason field wins over the message; a reason that is not a string is none", () => {
    const error = sslError("handshake failed", { code: "ERR_SSL_WRONG_VERSION_NUMBER", reason: "wrong version number" });
    expect(withProtocolRange(error, {}).message).toMatch(/^SSL error: wrong version number \(ERR_SSL_WRONG_VERSION_NUMBER\)\. /);
    const odd = sslError("handshake failed", { code: "ERR_SSL_WRONG_VERSION_NUMBER", reason: 42 });
    expect(withProtocolRange(odd, {}).message).toMatch(/^handshake failed \(ERR_SSL_WRONG_VERSION_NUMBER\)\. /);
  });

  test("no reason anywhere: the message's first line", () => {
    const error = sslError("unsupported protocol\nsecond line", { code: "ERR_SSL_UNSUPPORTED_PROTOCOL" });
    expect(withProtocolRange(error, { maxVersion: "TLSv1.2" }).message)
      .toBe("unsupported protocol (ERR_SSL_UNSUPPORTED_PROTOCOL). This may indicate that the server does not support any SSL " +
        "protocol version between TLSv1 and TLSv1.2.");
  });

  test("any other error, or a code that is not a string, is returned as it is", () => {
    for (const error of [sslError("tlsv1 alert unknown ca", { code: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA" }),
      sslError("x", { code: 1 }), new Error("no code")]) {
      expect(withProtocolRange(error, { minVersion: "TLSv1.2" })).toBe(error);
    }
  });

  test.each(["NO_PROTOCOLS_AVAILABLE", "UNSUPPORTED_PROTOCOL", "BAD_PROTOCOL_VERSION_NUMBER", "UNKNOWN_PROTOCOL",
    "UNKNOWN_SSL_VERSION", "UNSUPPORTED_SSL_VERSION", "WRONG_SSL_VERSION", "WRONG_VERSION_NUMBER",
    "TLSV1_ALERT_PROTOCOL_VERSION", "VERSION_TOO_HIGH", "VERSION_TOO_LOW"])("OpenSSL's %s is a version failure", (reason) => {
    expect(withProtocolRange(sslError("x", { code: `ERR_SSL_${reason}` }), {}).message).toMatch(/between TLSv1 and TLSv1\.3\.$/);
  });
});
