import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";

export interface RehearsalCertificates {
  /** The CA that signed the server certificate: what --ca points at, as the RDS bundle does for RDS. */
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** A second, unrelated CA: a client that trusts only this one must refuse the server. */
  readonly otherCaFile: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(missing ? "openssl is not installed (apt-get install openssl)" : `openssl ${args[0]} failed: ${stderr}`);
  }
}

function selfSignedCa(dir: string, name: string, commonName: string): string {
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${commonName}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  return path.join(dir, `${name}.crt`);
}

/**
 * A CA and a server certificate for the given names and addresses, generated fresh for each run (two
 * days' validity), the way RDS serves a certificate for its endpoint signed by the RDS CA.
 */
export function generateCertificates(dir: string, { dnsNames, ipAddresses }: { dnsNames: string[]; ipAddresses: string[] }):
  RehearsalCertificates {
  fs.mkdirSync(dir, { recursive: true });
  const caFile = selfSignedCa(dir, "ca", "checkpoints rehearsal CA");
  const otherCaFile = selfSignedCa(dir, "other-ca", "unrelated CA");
  const san = [...dnsNames.map((n) => `DNS:${n}`), ...ipAddresses.map((a) => `IP:${a}`)].join(",");
  fs.writeFileSync(path.join(dir, "server.ext"), [
    `subjectAltName=${san}`, "basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature,keyAgreement",
    "extendedKeyUsage=serverAuth", "",
  ].join("\n"));
  openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
    "-out", "server.csr", "-subj", `/CN=${dnsNames[0] ?? ipAddresses[0]}`], dir);
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
    "-out", "server.crt", "-days", "2", "-extfile", "server.ext"], dir);
  return { caFile, otherCaFile, serverCertFile: path.join(dir, "server.crt"), serverKeyFile: path.join(dir, "server.key") };
}
