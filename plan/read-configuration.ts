/** The file-system edge of the reader: which files make a configuration, and reading them. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfiguration, TerraformConfiguration } from "./configuration";
import { TerraformJsonError } from "./json-syntax";

const SKIPPED_DIRECTORIES = new Set(["node_modules", ".terraform", ".git"]);

const isConfigurationFile = (name: string) => name.endsWith(".tf.json");

function configurationFilesIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && isConfigurationFile(e.name)).map((e) => path.join(dir, e.name)).sort();
}

/**
 * The configurations at a path: a file is one configuration on its own; a directory holding *.tf.json
 * files is one configuration (all its files, merged); any other directory is searched below for such
 * directories. Throws TerraformJsonError when nothing is found.
 */
export function findConfigurations(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    throw new TerraformJsonError(`cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  if (!stat.isDirectory()) return [target];
  const found: string[] = [];
  const visit = (dir: string) => {
    if (configurationFilesIn(dir).length > 0) {
      found.push(dir);
      return;
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) visit(path.join(dir, entry.name));
    }
  };
  visit(target);
  return found;
}

/**
 * Reads one configuration: a *.tf.json file, or a directory whose *.tf.json files Terraform would merge.
 * A directory that also holds HCL (*.tf) files is refused: Terraform would read them and this reader cannot.
 */
export function readConfiguration(target: string): TerraformConfiguration {
  let files: string[];
  try {
    if (fs.statSync(target).isDirectory()) {
      files = configurationFilesIn(target);
      if (files.length === 0) throw new TerraformJsonError(`no *.tf.json file in ${target}`);
      const hcl = fs.readdirSync(target).filter((n) => n.endsWith(".tf")).sort();
      if (hcl.length > 0) {
        throw new TerraformJsonError(`${target} also holds HCL files (${hcl.join(", ")}), which Terraform would merge and ` +
          "this reader cannot read; review `terraform show -json` of the plan instead, or convert them to *.tf.json");
      }
    } else files = [target];
    return parseConfiguration(files.map((file) => ({ file, text: fs.readFileSync(file, "utf8") })));
  } catch (error) {
    if (error instanceof TerraformJsonError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new TerraformJsonError(`cannot read ${target}: ${code}`);
    throw error;
  }
}
