import * as path from "node:path";
import { cycles, folderOf, importEdges } from "./import-graph";

/**
 * The project's import graph (issue 16): no cycle between files, folders import downward only (the folder
 * graph has no cycle either), rds/ imports nothing from the project, and the parts that must run without the
 * CDK (probe/, plan/, review/, rds/) import no cdktf.
 */
const root = path.join(__dirname, "..", "..");
const edges = importEdges(root);
const internal = edges.filter((e) => !e.external);

test("the cycle finder finds a cycle, once, and none in a tree (so the checks below can fail)", () => {
  expect(cycles([["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"]])).toEqual([["a", "b", "c", "a"]]);
  expect(cycles([["a", "b"], ["a", "c"], ["b", "c"]])).toEqual([]);
});

test("no import cycle between the project's files", () => {
  expect(cycles(internal.map((e) => [e.from, e.to] as const))).toEqual([]);
});

test("folders import downward only: the graph of folders has no cycle (shared code lives below both users)", () => {
  const between = internal.map((e) => [folderOf(e.from), folderOf(e.to)] as const).filter(([a, b]) => a !== b);
  expect(cycles(between)).toEqual([]);
});

test("rds/ imports nothing from the project", () => {
  expect(internal.filter((e) => folderOf(e.from) === "rds" && folderOf(e.to) !== "rds")).toEqual([]);
});

test("probe/, plan/, review/ and rds/ import no cdktf (they run without the CDK)", () => {
  const cdk = /^(cdktf|constructs|@cdktf\/)/;
  expect(edges.filter((e) => e.external && cdk.test(e.to) && ["probe", "plan", "review", "rds"].includes(folderOf(e.from)))).toEqual([]);
});

test("the review gate judges plans by rds/, never by the configuration's own rules: only its CLI reads config/", () => {
  // review/cli.ts reads the app's settings for minMaxConnections (CKPT-MAX-CONNECTIONS); no rule does. The app's stack
  // names come from cdktf's manifest.json beside the plans, not from config/.
  expect(internal.filter((e) => folderOf(e.from) === "review" && folderOf(e.to) === "config" && e.from !== path.join("review", "cli.ts")))
    .toEqual([]);
});

test("plan/ is the one plan reader: it imports nothing from the tools that read plans through it", () => {
  const tools = ["review", "change-review", "cost", "preflight", "verify", "rehearsal", "deploy", "config", "stacks"];
  expect(internal.filter((e) => folderOf(e.from) === "plan" && tools.includes(folderOf(e.to)))).toEqual([]);
});
