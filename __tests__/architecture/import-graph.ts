import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** The project's own TypeScript files (not tests, not dependencies, not synthesized output). */
export function projectFiles(root: string): string[] {
  const skip = new Set(["node_modules", "__tests__", "cdktf.out", ".gen", "coverage", ".git", "dist", "build"]);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || skip.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(path.relative(root, full));
    }
  };
  walk(root);
  return found.sort();
}

export interface ImportEdge {
  readonly from: string;
  /** A project file (relative to the root), or the bare package specifier. */
  readonly to: string;
  readonly external: boolean;
}

function resolveRelative(root: string, from: string, specifier: string): string {
  const base = path.join(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    if (fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile()) return path.normalize(candidate);
  }
  return path.normalize(base);
}

/** Every import and re-export (static, dynamic and require) of the project's files. */
export function importEdges(root: string): ImportEdge[] {
  return projectFiles(root).flatMap((file) => {
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
    return info.importedFiles.map(({ fileName }) => fileName.startsWith(".")
      ? { from: file, to: resolveRelative(root, file, fileName), external: false }
      : { from: file, to: fileName, external: true });
  });
}

/** The top folder of a project file ("" for files at the root, such as main.ts). */
export const folderOf = (file: string) => (file.includes(path.sep) ? file.split(path.sep)[0] : "");

/** Every cycle in a directed graph, each once, as a path that returns to its start. */
export function cycles(edges: ReadonlyArray<readonly [string, string]>): string[][] {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) next.set(a, [...(next.get(a) ?? []), b]);
  const found = new Map<string, string[]>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === "open") {
        const cycle = [...stack.slice(stack.indexOf(to)), to];
        found.set([...cycle.slice(0, -1)].sort().join(" "), cycle);
      } else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...next.keys()].sort()) if (!state.has(node)) visit(node);
  return [...found.values()];
}
