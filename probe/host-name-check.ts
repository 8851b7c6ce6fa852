import * as tls from "node:tls";
import type { PeerCertificate } from "node:tls";

/**
 * verify-full's host name check as libpq 15 words and decides it (fe-secure-common.c
 * pq_verify_peer_name_matches_certificate, REL_15_STABLE): the host as given is compared with the
 * certificate's names as they are, so "db.example.com." (a trailing dot) matches no name, where Node's
 * check drops the dot first. The failure names the certificate's first name and how many others it has.
 */
export function libpqHostNameCheck(host: string, cert: PeerCertificate): Error | undefined {
  const nodeVerdict = tls.checkServerIdentity(host, cert);
  if (!nodeVerdict && !host.endsWith(".")) return undefined;
  const names = (cert.subjectaltname ?? "").split(/,\s*/).filter((n) => /^(DNS|IP Address):/.test(n))
    .map((n) => n.replace(/^(DNS|IP Address):/, ""));
  if (names.length === 0 && cert.subject?.CN) names.push(String(cert.subject.CN));
  const message = names.length === 0 ? "could not get server's host name from server certificate"
    : `server certificate for "${names[0]}"${names.length > 1
      ? ` (and ${names.length - 1} other name${names.length > 2 ? "s" : ""})` : ""} does not match host name "${host}"`;
  return Object.assign(new Error(message), { code: "ERR_TLS_CERT_ALTNAME_INVALID" });
}
