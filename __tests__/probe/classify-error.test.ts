import { classifyError } from "../../probe/classify-error";
import { TlsFileError } from "../../probe/tls-options";

// Found by mutation testing (issue 27): each case let a Stryker mutant of classify-error.ts survive the unit
// tier. The exit class a caller sees is what is asserted; the reference for each is named beside it.
const err = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields);

describe("what classification reads from an error", () => {
  test("the DNS phase is the DNS class whatever the code (a DNS server refusing is not the database refusing)", () => {
    expect(classifyError(err("queryA ECONNREFUSED db.example", { code: "ECONNREFUSED" }), "dns"))
      .toMatchObject({ className: "dns", retryable: true });
    expect(classifyError(err("getaddrinfo EAI_AGAIN db.example", { code: "EAI_AGAIN" }), "connect").className).toBe("dns");
  });

  test("a code that is not a string is no code: nothing appended, nothing matched", () => {
    expect(classifyError(err("odd failure", { code: 53300 }), "connect")).toEqual({ className: "query", detail: "odd failure", retryable: false });
  });

  test("a null cause is no cause", () => {
    expect(classifyError(err("connect ECONNREFUSED 127.0.0.1:5432", { code: "ECONNREFUSED", cause: null }), "connect").className).toBe("refused");
  });

  test("something thrown that is not an Error, or an Error without a message, is described by String()", () => {
    expect(classifyError("connection lost", "query")).toEqual({ className: "query", detail: "connection lost", retryable: false });
    expect(classifyError(new Error(""), "query").detail).toBe("Error");
    expect(classifyError({ message: 42, code: "ECONNRESET" }, "query"))
      .toMatchObject({ className: "refused", detail: "the server closed the connection: [object Object] (ECONNRESET)" });
  });

  test("an OpenSSL error's reason counts only when it is a string", () => {
    expect(classifyError(err("connection failed", { library: "SSL routines", reason: 42 }), "connect").detail).toBe("connection failed");
  });

  // libpq prints OpenSSL's reason string (fe-secure-openssl.c SSLerrmessage, REL_15_STABLE: ERR_reason_error_string).
  test("OpenSSL's reason is read from the message when the error has no reason of its own, in OpenSSL 1.1 and 3 formats", () => {
    const v3 = err("C0B7:error:0A00010B:SSL routines::wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:354:",
      { library: "SSL routines", reason: "" });
    expect(classifyError(v3, "connect")).toMatchObject({ className: "tls", detail: "SSL error: wrong version number" });
    const v11 = err("140:error:1408F10B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:332:");
    expect(classifyError(v11, "connect")).toMatchObject({ className: "tls", detail: "SSL error: wrong version number" });
  });

  test("a code without a message: ETIMEDOUT and ECONNRESET classed by the code alone", () => {
    expect(classifyError(err("connect failed", { code: "ETIMEDOUT" }), "connect")).toMatchObject({ className: "timeout", retryable: true });
    expect(classifyError(err("read failed", { code: "ECONNRESET" }), "query"))
      .toEqual({ className: "refused", detail: "the server closed the connection: read failed (ECONNRESET)", retryable: true });
  });
});

describe("the probe's own TLS refusals (open-connection.ts) are the TLS class, in libpq's words without a code", () => {
  test("a client key file refused (fe-secure-openssl.c initialize_SSL) is TLS, though its words name no TLS", () => {
    const error = new TlsFileError('private key file "/k" has group or world access; file must have permissions u=rw (0600) or less');
    expect(classifyError(error, "connect")).toEqual({ className: "tls", detail: error.message, retryable: false });
  });
  test("a server without TLS when TLS is required (fe-connect.c: \"server does not support SSL, but SSL was required\")", () => {
    const error = err("server does not support SSL, but SSL was required", { code: "PROBE_NO_SSL" });
    expect(classifyError(error, "connect")).toEqual({ className: "tls", detail: error.message, retryable: false });
  });
});

describe("SQLSTATE 28000 (invalid_authorization_specification) by its message (src/backend/libpq/auth.c, postinit.c)", () => {
  test("a client certificate required by pg_hba.conf: authentication, with the client-certificate hint", () => {
    const result = classifyError(err("connection requires a valid client certificate", { code: "28000" }), "connect");
    expect(result).toMatchObject({ className: "auth", retryable: false });
    expect(result.wording?.meaning).toBe("authentication failed: the server requires a client certificate");
  });
  test("any other 28000 is authentication, not a log-in refusal (role not permitted to log in)", () => {
    const result = classifyError(err('role "nologin_user" is not permitted to log in', { code: "28000" }), "connect");
    expect(result).toMatchObject({ className: "auth", retryable: false });
    expect(result.wording).toBeUndefined();
  });
  test("'client certificate' in a TLS error without 28000 stays the TLS class", () => {
    const error = err("the server requires a client certificate", { code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" });
    const result = classifyError(error, "connect");
    expect(result.className).toBe("tls");
    expect(result.wording).toBeUndefined();
  });
  test("an hba refusal in a message without 28000 is not read as pg_hba's", () => {
    expect(classifyError(err('no pg_hba.conf entry for host "h"', { code: "XX000" }), "query").className).toBe("query");
  });
});

describe("the server's TLS alert about the client's certificate has its own words", () => {
  const alert = (reason: string, code?: string) => err(`error:0A000418:SSL routines::${reason}:x`,
    { library: "SSL routines", reason, ...(code ? { code } : {}) });
  test("tlsv13 alert certificate required: the server rejected this client's certificate", () => {
    expect(classifyError(alert("tlsv13 alert certificate required", "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED"), "connect").wording?.meaning)
      .toBe("TLS failure: the server rejected this client's certificate");
  });
  test("another alert (handshake failure) is a TLS failure without that hint", () => {
    expect(classifyError(alert("sslv3 alert handshake failure", "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE"), "connect"))
      .toEqual({ className: "tls", detail: "SSL error: sslv3 alert handshake failure (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE)", retryable: false });
  });
  // Fail closed: an OpenSSL error is the TLS class even when nothing set a code and its reason is not a known word
  // (the reason replaces the message, so the message's "SSL routines" no longer matched: it was a query error).
  test("an OpenSSL SSL error without a code is still the TLS class", () => {
    expect(classifyError(alert("sslv3 alert handshake failure"), "connect"))
      .toEqual({ className: "tls", detail: "SSL error: sslv3 alert handshake failure", retryable: false });
  });
});
