import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The temp folder (TMPDIR) a rehearsal or a test run writes in, checked before anything is made there:
 * it must exist (it is the user's choice, so it is never created: as root it would be root's and closed),
 * and as root, PostgreSQL's own user must be able to pass through it to reach its folder.
 */
export class TempFolderError extends Error {}

const tmpdirSetting = () => `TMPDIR=${process.env.TMPDIR ?? "unset"}`;

/** Throws unless `dir` is an existing folder. */
export function requireExistingFolder(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new TempFolderError(`the temp folder ${dir} does not exist (${tmpdirSetting()}): ` +
      "point TMPDIR at an existing folder, or unset it to use /tmp");
  }
  if (!stat.isDirectory()) throw new TempFolderError(`the temp folder ${dir} is not a folder (${tmpdirSetting()})`);
}

/**
 * Throws unless the user `identity` may pass through every folder from / down to `dir`: the execute bit
 * that applies to it (owner, group, or others), as the kernel checks a path. `who` names the user.
 */
export function requireReachableBy(dir: string, identity: { uid: number; gid: number }, who: string): void {
  requireExistingFolder(dir);
  const chain: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    chain.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of chain) {
    const stat = fs.statSync(folder);
    const bit = stat.uid === identity.uid ? 0o100 : stat.gid === identity.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) {
      throw new TempFolderError(`${who} cannot enter ${folder} (mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")}, ` +
        `owner uid ${stat.uid}), on the way to the temp folder ${dir} (${tmpdirSetting()}): use a temp folder others may ` +
        `pass through (chmod o+x ${folder}), or unset TMPDIR to use /tmp`);
    }
  }
}
