/**
 * What OpenSSL finds in a PEM file that libpq hands to X509_STORE_load_locations / SSL_CTX_load_verify_locations:
 * certificates and CRLs (OpenSSL's X509_load_cert_crl_file reads both, whatever the option's name). A file with
 * neither fails with OpenSSL's "no certificate or crl found"; DER is not read at all.
 */
export interface PemContents {
  readonly certificates: string[];
  readonly revocationLists: string[];
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;
const CERTIFICATE_TYPES = new Set(["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]);

export function readPemContents(bytes: Buffer): PemContents {
  const text = bytes.toString("latin1");
  const certificates: string[] = [];
  const revocationLists: string[] = [];
  for (const match of text.matchAll(BLOCK)) {
    if (CERTIFICATE_TYPES.has(match[1])) certificates.push(`${match[0]}\n`);
    else if (match[1] === "X509 CRL") revocationLists.push(`${match[0]}\n`);
  }
  return { certificates, revocationLists };
}

/** OpenSSL's reason when a verify-locations file holds neither (X509_R_NO_CERTIFICATE_OR_CRL_FOUND). */
export const NO_CERTIFICATE_OR_CRL = "no certificate or crl found";
