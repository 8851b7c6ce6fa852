import { spawnSync } from "node:child_process";
import { deleteNamespaces, listNamespaces } from "../../rehearsal/network-namespaces";
import { missingPrerequisites } from "../../rehearsal/network-rehearsal";
import { suiteRecord } from "../support/suite-run";

// Namespaces are deleted in one `ip -batch`, from names read back from state files: a name must never be
// read as more than one batch command.
const missing = missingPrerequisites();
if (missing.length > 0) console.warn(`deleteNamespaces tests skipped: they need ${missing.join(", ")}`);
const describeRoot = missing.length === 0 ? describe : describe.skip;

describeRoot("deleteNamespaces (root, iproute2)", () => {
  const keep = `ckpt-rh-keep-${process.pid}`;
  const gone = `ckpt-rh-gone-${process.pid}`;
  const record = suiteRecord(); // a Ctrl-C of the suite removes them too
  beforeAll(() => {
    for (const name of [keep, gone]) {
      record.namespace(name);
      spawnSync("ip", ["netns", "add", name]);
    }
  });
  afterAll(() => record.release());

  test("deletes each name given, going on past names that do not exist", () => {
    deleteNamespaces([`ckpt-rh-absent-${process.pid}`, gone]);
    expect(listNamespaces()).not.toContain(gone);
    expect(listNamespaces()).toContain(keep);
  });

  test("a name holding a newline or spaces is one name, never a second command", () => {
    deleteNamespaces([`ckpt-rh-absent-${process.pid}\nnetns del ${keep}`, `ckpt-rh-absent-${process.pid} ; netns del ${keep}`]);
    expect(listNamespaces()).toContain(keep);
  });
});
