import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";

/** Client certificates for the matrix: signed by the run's CA, by an unrelated CA, and one already expired. */
export interface ClientCertificates {
  readonly dir: string;
  /** CN=certuser, signed by the server's CA: accepted. */
  readonly good: { cert: string; key: string };
  /** CN=certuser, signed by the unrelated CA: the server's handshake ends with "unknown ca". */
  readonly otherCa: { cert: string; key: string };
  /** CN=certuser, signed by the server's CA, valid only in 2020: "certificate expired". */
  readonly expired: { cert: string; key: string };
  /** A file that is neither a certificate nor a CRL. */
  readonly notPem: string;
  /** The server CA's certificate in DER: libpq reads only PEM. */
  readonly derCa: string;
  /** An empty CRL signed by the server's CA. */
  readonly emptyCrl: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** Makes them in `dir` with the CA files of rehearsal/certificates.ts (ca.crt/ca.key, other-ca.crt/other-ca.key). */
export function makeClientCertificates(dir: string, caDir: string): ClientCertificates {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ["ca", "other-ca"]) {
    fs.copyFileSync(path.join(caDir, `${name}.crt`), path.join(dir, `${name}.crt`));
    fs.copyFileSync(path.join(caDir, `${name}.key`), path.join(dir, `${name}.key`));
  }
  const request = (name: string) => openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", "/CN=certuser"], dir);
  const sign = (name: string, ca: string) => openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`,
    "-CAkey", `${ca}.key`, "-CAcreateserial", "-out", `${name}.crt`, "-days", "2"], dir);
  request("good");
  sign("good", "ca");
  request("other");
  sign("other", "other-ca");
  // openssl x509 cannot back-date; `openssl ca` takes explicit dates.
  request("expired");
  fs.writeFileSync(path.join(dir, "index.txt"), "");
  fs.writeFileSync(path.join(dir, "ca.cnf"), [
    "[ca]", "default_ca = test", "[test]", `dir = ${dir}`, "database = $dir/index.txt", "new_certs_dir = $dir",
    "serial = $dir/ca.srl", "default_md = sha256", "policy = any", "crlnumber = $dir/crlnumber", "default_crl_days = 2",
    "[any]", "commonName = supplied", "",
  ].join("\n"));
  fs.writeFileSync(path.join(dir, "crlnumber"), "01\n");
  openssl(["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key", "-in", "expired.csr",
    "-out", "expired.crt", "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-notext"], dir);
  openssl(["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key", "-gencrl", "-out", "empty.crl"], dir);
  openssl(["x509", "-in", "ca.crt", "-outform", "DER", "-out", "ca.der"], dir);
  fs.writeFileSync(path.join(dir, "not-pem.txt"), "this is not a certificate\n");
  for (const key of ["good.key", "other.key", "expired.key"]) fs.chmodSync(path.join(dir, key), 0o600);
  const pair = (name: string) => ({ cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) });
  return { dir, good: pair("good"), otherCa: pair("other"), expired: pair("expired"), notPem: path.join(dir, "not-pem.txt"),
    derCa: path.join(dir, "ca.der"), emptyCrl: path.join(dir, "empty.crl") };
}
