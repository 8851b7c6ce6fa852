/**
 * A Terraform configuration read from its JSON files as Terraform reads them: every label level an object
 * or an array of objects, repeated keys all counted, files of one folder merged (override files last),
 * nested blocks as object or array, dynamic blocks expanded, resources expanded by a literal count or
 * for_each. Pure: files come in as text (see read-configuration.ts for the file system).
 */
import { EvaluationScope, evaluateTemplate, literalSet, traversalSteps } from "./expressions";
import { JsonEntry, JsonNode, parseJson, plainValue, SourcePosition, TerraformJsonError } from "./json-syntax";
import { ObjectValue, readBool, readNumber, readString, TerraformValue } from "./values";

/** How a resource block became this instance. "not evaluable": count/for_each unknown, one instance stands for all. */
export type InstanceExpansion =
  | { readonly kind: "single" }
  | { readonly kind: "count"; readonly index: number }
  | { readonly kind: "for_each"; readonly key: string }
  | { readonly kind: "not evaluable"; readonly argument: "count" | "for_each"; readonly expression: string };

export interface ResourceInstance {
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** aws_db_instance.db, aws_db_instance.db[0], aws_db_instance.db["a"], data.aws_vpc.main */
  readonly address: string;
  /** The block's address, without an instance key. */
  readonly blockAddress: string;
  readonly expansion: InstanceExpansion;
  /** Arguments and nested blocks, evaluated; meta-arguments (count, for_each, depends_on, lifecycle, provider...) apart. */
  readonly attributes: ReadonlyMap<string, TerraformValue>;
  /** depends_on, as written (references without "${}"). */
  readonly dependsOn: readonly string[];
  readonly lifecycle: ReadonlyMap<string, TerraformValue>;
  readonly provider?: string;
  readonly position: SourcePosition;
  /**
   * Where each argument is written: "backup_retention_period", a nested block "ingress[0]" and its arguments
   * "ingress[0].cidr_blocks" (blocks counted as the reader lists them, written ones before dynamic ones).
   */
  readonly attributePositions: ReadonlyMap<string, SourcePosition>;
}

export interface VariableDeclaration {
  readonly name: string;
  /** The default, read literally (Terraform does not evaluate templates in a default). */
  readonly default?: TerraformValue;
  /** The type constraint as written, e.g. "string", "list(string)". */
  readonly type?: string;
  readonly sensitive: boolean;
  readonly nullable: boolean;
  readonly description?: string;
  /** The rest of the block (validation...), evaluated. */
  readonly attributes: ReadonlyMap<string, TerraformValue>;
  readonly position: SourcePosition;
}

export interface OutputDeclaration {
  readonly name: string;
  readonly value?: TerraformValue;
  readonly sensitive: boolean;
  readonly attributes: ReadonlyMap<string, TerraformValue>;
  readonly position: SourcePosition;
}

export interface ModuleCall {
  readonly name: string;
  /** module.<name> */
  readonly address: string;
  readonly source?: string;
  readonly version?: string;
  readonly attributes: ReadonlyMap<string, TerraformValue>;
  readonly position: SourcePosition;
}

export interface MovedBlock {
  readonly from: string;
  readonly to: string;
  readonly position: SourcePosition;
}

/**
 * A `removed` block: the resource leaves the configuration without being destroyed when `destroy` is false
 * (Terraform "forgets" it). `destroy` defaults to true (hashicorp/terraform v1.11.4 internal/configs/removed.go:60
 * `removed.Destroy = true`, then lifecycle.destroy decoded over it).
 */
export interface RemovedBlock {
  readonly from: string;
  /** "unknown" when lifecycle.destroy is not a literal bool. */
  readonly destroy: boolean | "unknown";
  readonly position: SourcePosition;
}

export interface BackendConfiguration {
  /** "s3", "local"...; "cloud" for a terraform { cloud { } } block */
  readonly type: string;
  readonly attributes: ReadonlyMap<string, TerraformValue>;
  readonly position: SourcePosition;
}

export interface ProviderConfiguration {
  readonly name: string;
  readonly alias?: string;
  readonly attributes: ReadonlyMap<string, TerraformValue>;
  readonly position: SourcePosition;
}

export interface TerraformConfiguration {
  /** The files read, in the order Terraform merges them. */
  readonly files: readonly string[];
  /** cdktf's stack name ("//".metadata.stackName), when a file carries it. */
  readonly stackName?: string;
  /** Managed resources, one entry per instance. */
  readonly resources: readonly ResourceInstance[];
  readonly dataSources: readonly ResourceInstance[];
  readonly variables: ReadonlyMap<string, VariableDeclaration>;
  readonly outputs: ReadonlyMap<string, OutputDeclaration>;
  readonly locals: ReadonlyMap<string, TerraformValue>;
  readonly modules: readonly ModuleCall[];
  readonly moved: readonly MovedBlock[];
  readonly removed: readonly RemovedBlock[];
  readonly providers: readonly ProviderConfiguration[];
  readonly backend?: BackendConfiguration;
}

/** One file's text, named for error messages. */
export interface ConfigurationSource {
  readonly file: string;
  readonly text: string;
}

/** override.tf.json and *_override.tf.json are merged into the blocks they name, after every other file. */
export function isOverrideFile(file: string): boolean {
  return /(^|[\\/_])override\.tf\.json$/.test(file);
}

const TOP_LEVEL = new Set(["resource", "data", "variable", "output", "module", "locals", "terraform", "provider",
  "moved", "import", "removed", "check", "//"]);
const RESOURCE_META = new Set(["count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection", "//"]);

interface RawBlock {
  readonly labels: string[];
  entries: JsonEntry[];
  readonly position: SourcePosition;
}

type Obj = Extract<JsonNode, { kind: "object" }>;

const where = (file: string, node: JsonNode): SourcePosition => ({ file, line: node.line, column: node.column });

/**
 * Visits each block under a block type with `labels` label levels: at every level an object, or an array of
 * objects (Terraform's JSON syntax); the body itself may also be an array (several blocks, same labels).
 */
function eachBlock(node: JsonNode, file: string, what: string, labels: number, visit: (labels: string[], body: Obj) => void,
  prefix: string[] = []): void {
  if (node.kind === "array") {
    for (const item of node.items) eachBlock(item, file, what, labels, visit, prefix);
    return;
  }
  if (node.kind !== "object") {
    throw new TerraformJsonError(`${[what, ...prefix].join(".")}: expected an object or an array of objects`, where(file, node));
  }
  if (labels === 0) {
    visit(prefix, node);
    return;
  }
  for (const entry of node.entries) {
    if (entry.key === "//") continue;
    eachBlock(entry.value, file, what, labels - 1, visit, [...prefix, entry.key]);
  }
}

/** The file of an entry an override file merged into a block of another file (positions name the right file). */
const overrideFiles = new WeakMap<JsonEntry, string>();

/** Merges a block of an override file into the block it names: its arguments replace the original's. */
function applyOverride(base: RawBlock, override: RawBlock): void {
  const replaced = new Set(override.entries.map((e) => e.key));
  for (const entry of override.entries) overrideFiles.set(entry, override.position.file);
  base.entries = [...base.entries.filter((e) => !replaced.has(e.key)), ...override.entries];
}

/** Where each argument and nested block of a resource body is written (see ResourceInstance.attributePositions). */
function attributePositionsOf(entries: readonly JsonEntry[], file: string): Map<string, SourcePosition> {
  const positions = new Map<string, SourcePosition>();
  const blockCounts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.key === "//" || entry.key === "dynamic" || RESOURCE_META.has(entry.key)) continue;
    const entryFile = overrideFiles.get(entry) ?? file;
    if (!positions.has(entry.key)) positions.set(entry.key, where(entryFile, entry.value));
    const blocks = entry.value.kind === "object" ? [entry.value]
      : entry.value.kind === "array" && entry.value.items.length > 0 && entry.value.items.every((i) => i.kind === "object") ? entry.value.items : [];
    for (const block of blocks as Obj[]) {
      const index = blockCounts.get(entry.key) ?? 0;
      blockCounts.set(entry.key, index + 1);
      const prefix = `${entry.key}[${index}]`;
      positions.set(prefix, where(entryFile, block));
      for (const inner of block.entries) {
        if (!positions.has(`${prefix}.${inner.key}`)) positions.set(`${prefix}.${inner.key}`, where(entryFile, inner.value));
      }
    }
  }
  return positions;
}

class BlockTable {
  private readonly byKey = new Map<string, RawBlock>();
  constructor(private readonly what: string, private readonly unique: boolean) {}
  readonly blocks: RawBlock[] = [];

  add(block: RawBlock, override: boolean): void {
    const key = block.labels.join(".");
    const existing = this.byKey.get(key);
    if (override) {
      if (!existing) {
        throw new TerraformJsonError(`an override file declares ${this.what} ${key}, which no other file declares`, block.position);
      }
      applyOverride(existing, block);
      return;
    }
    if (existing && this.unique) {
      const first = existing.position;
      throw new TerraformJsonError(`duplicate ${this.what} ${key}: already declared at ${first.file}:${first.line}:${first.column}`,
        block.position);
    }
    this.byKey.set(key, block);
    this.blocks.push(block);
  }
}

/** Reads and merges the files of one configuration. Throws TerraformJsonError (line:column, never content). */
export function parseConfiguration(sources: readonly ConfigurationSource[]): TerraformConfiguration {
  const ordered = [...sources.filter((s) => !isOverrideFile(s.file)), ...sources.filter((s) => isOverrideFile(s.file))];
  const tables = {
    resource: new BlockTable("resource", true), data: new BlockTable("data source", true),
    variable: new BlockTable("variable", true), output: new BlockTable("output", true), module: new BlockTable("module", true),
  };
  const locals: RawBlock[] = [];
  const terraform: RawBlock[] = [];
  const providers: RawBlock[] = [];
  const moved: RawBlock[] = [];
  const removed: RawBlock[] = [];
  let stackName: string | undefined;

  for (const source of ordered) {
    const root = parseJson(source.text, source.file);
    if (root.kind !== "object") throw new TerraformJsonError("the file must hold a JSON object (Terraform's JSON configuration syntax)", where(source.file, root));
    const override = isOverrideFile(source.file);
    for (const { key, value } of root.entries) {
      if (!TOP_LEVEL.has(key)) {
        throw new TerraformJsonError(`unsupported top-level key "${key}": Terraform accepts ${[...TOP_LEVEL].filter((k) => k !== "//").join(", ")}`,
          where(source.file, value));
      }
      const collect = (labels: number, into: (block: RawBlock) => void) =>
        eachBlock(value, source.file, key, labels, (l, body) => into({ labels: l, entries: body.entries, position: where(source.file, body) }));
      switch (key) {
        case "//": {
          const name = (plainValue(value) as { metadata?: { stackName?: unknown } } | null)?.metadata?.stackName;
          if (typeof name === "string") stackName = stackName ?? name;
          break;
        }
        case "resource": case "data": collect(2, (b) => tables[key].add(b, override)); break;
        case "variable": case "output": case "module": collect(1, (b) => tables[key].add(b, override)); break;
        case "locals": collect(0, (b) => locals.push(b)); break;
        case "terraform": collect(0, (b) => terraform.push(b)); break;
        case "provider": collect(1, (b) => providers.push(b)); break;
        case "moved": collect(0, (b) => moved.push(b)); break;
        case "removed": collect(0, (b) => removed.push(b)); break;
        default: break; // import, check: nothing the consumers read yet
      }
    }
  }

  const variables = new Map<string, VariableDeclaration>();
  for (const block of tables.variable.blocks) {
    const name = block.labels[0];
    const body = groupEntries(block.entries);
    const defaultNode = body.get("default")?.[0];
    const plain = (k: string) => { const n = body.get(k)?.[0]; return n ? plainValue(n) : undefined; };
    variables.set(name, {
      name, default: defaultNode ? literal(defaultNode) : undefined,
      type: typeof plain("type") === "string" ? plain("type") as string : undefined,
      sensitive: readBoolish(plain("sensitive")), nullable: plain("nullable") === undefined ? true : readBoolish(plain("nullable")),
      description: typeof plain("description") === "string" ? plain("description") as string : undefined,
      attributes: evaluateBody(block.entries, block.position.file, EMPTY), position: block.position,
    });
  }
  const variableScope: EvaluationScope = {
    iterators: new Map(),
    variableDefaults: new Map([...variables].filter(([, v]) => v.default !== undefined && v.default.kind !== "null")
      .map(([k, v]) => [k, v.default as TerraformValue])),
  };
  const localValues = evaluateLocals(locals, variableScope);
  const scope: EvaluationScope = { ...variableScope, localValues };

  const outputs = new Map<string, OutputDeclaration>();
  for (const block of tables.output.blocks) {
    const attributes = evaluateBody(block.entries, block.position.file, scope);
    outputs.set(block.labels[0], { name: block.labels[0], value: attributes.get("value"),
      sensitive: readBoolish(attributes.get("sensitive")), attributes, position: block.position });
  }

  const modules = tables.module.blocks.map((block): ModuleCall => {
    const attributes = evaluateBody(block.entries, block.position.file, scope);
    const text = (k: string) => { const r = readString(attributes.get(k)); return r.state === "known" ? r.value : undefined; };
    return { name: block.labels[0], address: `module.${block.labels[0]}`, source: text("source"), version: text("version"),
      attributes, position: block.position };
  });

  let backend: BackendConfiguration | undefined;
  for (const block of terraform) {
    for (const entry of block.entries) {
      if (entry.key !== "backend" && entry.key !== "cloud") continue;
      eachBlock(entry.value, block.position.file, `terraform.${entry.key}`, entry.key === "backend" ? 1 : 0, (labels, body) => {
        const position = where(block.position.file, body);
        if (backend) {
          throw new TerraformJsonError(`a second backend: one is already declared at ${backend.position.file}:${backend.position.line}:${backend.position.column}`, position);
        }
        backend = { type: labels[0] ?? "cloud", attributes: evaluateBody(body.entries, block.position.file, scope), position };
      });
    }
  }

  const providerConfigurations = providers.map((block): ProviderConfiguration => {
    const attributes = evaluateBody(block.entries, block.position.file, scope);
    const alias = readString(attributes.get("alias"));
    return { name: block.labels[0], ...(alias.state === "known" ? { alias: alias.value } : {}), attributes, position: block.position };
  });

  const movedBlocks = moved.map((block): MovedBlock => {
    const body = groupEntries(block.entries);
    const text = (k: string) => {
      const reference = staticReference(body.get(k)?.[0]);
      if (!reference) throw new TerraformJsonError(`moved: "${k}" must be ${AN_ADDRESS}`, block.position);
      return reference.text;
    };
    return { from: text("from"), to: text("to"), position: block.position };
  });

  const removedBlocks = removed.map((block): RemovedBlock => {
    const body = groupEntries(block.entries);
    const from = staticReference(body.get("from")?.[0]);
    if (!from) throw new TerraformJsonError(`removed: "from" must be ${AN_ADDRESS}`, block.position);
    const lifecycleNode = body.get("lifecycle")?.[0];
    const lifecycleBody = lifecycleNode?.kind === "object" ? lifecycleNode
      : lifecycleNode?.kind === "array" && lifecycleNode.items[0]?.kind === "object" ? lifecycleNode.items[0] as Obj : undefined;
    const destroy = lifecycleBody ? readBool(evaluateBody(lifecycleBody.entries, block.position.file, EMPTY).get("destroy")) : { state: "unset" as const };
    return { from: from.text,
      destroy: destroy.state === "known" ? destroy.value : destroy.state === "unset" ? true : "unknown", position: block.position };
  });

  return {
    files: ordered.map((s) => s.file), stackName,
    resources: tables.resource.blocks.flatMap((b) => expandResource(b, "managed", scope)),
    dataSources: tables.data.blocks.flatMap((b) => expandResource(b, "data", scope)),
    variables, outputs, locals: localValues, modules, moved: movedBlocks, removed: removedBlocks, providers: providerConfigurations, backend,
  };
}

const EMPTY: EvaluationScope = { iterators: new Map(), variableDefaults: new Map() };

const AN_ADDRESS = 'a resource or module address, such as "aws_db_instance.db" or "module.network" (one address, no text or expression around it)';
const ADDRESS_LIST = 'a list of resource or module addresses, such as ["aws_iam_role.monitoring"] (each one address, no text or expression around it)';

/**
 * A reference written as text (moved and removed addresses, depends_on, provider, a dynamic block's iterator):
 * Terraform's JSON syntax reads the whole string as one static traversal (hcl.AbsTraversalForExpr; hashicorp/hcl
 * v2 json/structure.go, expression.AsTraversal: hclsyntax.ParseTraversalAbs), and refuses anything else
 * ("Invalid expression: A single static variable reference is required"). One whole "${...}" around it is read
 * as well, on purpose: it is how @cdktf/hcl2json writes an HCL reference, though Terraform refuses it in JSON.
 * undefined for text around a "${...}", a call, a template or a non-string: the caller refuses it, naming the field.
 */
function staticReference(node: JsonNode | undefined): { text: string; steps: string[] } | undefined {
  if (node?.kind !== "string") return undefined;
  const text = node.value.replace(/^\$\{(.*)\}$/, "$1").trim();
  const steps = traversalSteps(text);
  return steps && { text, steps };
}

/**
 * The locals' values, as Terraform evaluates them: a local may name another local, in any order, so the
 * evaluation repeats until nothing changes (at most once per local, the longest chain). A local in a cycle, or
 * naming one that cannot be evaluated, stays unknown: Terraform itself rejects a cycle.
 */
function evaluateLocals(blocks: readonly RawBlock[], variableScope: EvaluationScope): Map<string, TerraformValue> {
  let values = new Map<string, TerraformValue>();
  const count = blocks.reduce((n, b) => n + b.entries.length, 0);
  for (let pass = 0; pass <= count; pass++) {
    const next = new Map<string, TerraformValue>();
    for (const block of blocks) {
      for (const [k, v] of evaluateBody(block.entries, block.position.file, { ...variableScope, localValues: values })) next.set(k, v);
    }
    const settled = next.size === values.size && [...next].every(([k, v]) => sameValue(v, values.get(k)));
    values = next;
    if (settled) break;
  }
  return values;
}

function sameValue(a: TerraformValue, b: TerraformValue | undefined): boolean {
  return b !== undefined && JSON.stringify(a, plainMaps) === JSON.stringify(b, plainMaps);
}

function plainMaps(_key: string, value: unknown): unknown {
  return value instanceof Map ? [...value] : value;
}

function readBoolish(value: unknown): boolean {
  if (typeof value === "object" && value !== null && "kind" in value) {
    const v = value as TerraformValue;
    return (v.kind === "bool" && v.value) || (v.kind === "string" && (v.value === "true" || v.value === "1"));
  }
  return value === true || value === "true";
}

/** A JSON value read literally, as Terraform reads a variable's default. */
function literal(node: JsonNode): TerraformValue {
  switch (node.kind) {
    case "string": return { kind: "string", value: node.value };
    case "number": return { kind: "number", value: node.value };
    case "boolean": return { kind: "bool", value: node.value };
    case "null": return { kind: "null" };
    case "array": return { kind: "list", items: node.items.map(literal) };
    case "object": return { kind: "object", attributes: new Map(node.entries.filter((e) => e.key !== "//").map((e) => [e.key, literal(e.value)])) };
  }
}

function groupEntries(entries: readonly JsonEntry[]): Map<string, JsonNode[]> {
  const groups = new Map<string, JsonNode[]>();
  for (const { key, value } of entries) {
    if (key === "//") continue;
    const list = groups.get(key);
    if (list) list.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}

const isBlockShaped = (node: JsonNode) =>
  node.kind === "object" || (node.kind === "array" && node.items.every((i) => i.kind === "object"));

/**
 * A block body (or an object value), evaluated. A key written more than once is several nested blocks when
 * every occurrence is block-shaped, else Terraform's "Duplicate argument" error. "dynamic" blocks are
 * expanded into the block type they generate.
 */
export function evaluateBody(entries: readonly JsonEntry[], file: string, scope: EvaluationScope,
  skip: ReadonlySet<string> = new Set()): Map<string, TerraformValue> {
  const result = new Map<string, TerraformValue>();
  const generated = new Map<string, TerraformValue[]>();
  for (const [key, nodes] of groupEntries(entries)) {
    if (skip.has(key)) continue;
    if (key === "dynamic" && nodes.every(isBlockShaped)) {
      for (const node of nodes) expandDynamic(node, file, scope, generated);
      continue;
    }
    if (nodes.length === 1) {
      result.set(key, evaluateNode(nodes[0], file, scope));
      continue;
    }
    if (!nodes.every(isBlockShaped)) {
      throw new TerraformJsonError(`duplicate argument "${key}": an argument may be set only once`, where(file, nodes[1]));
    }
    result.set(key, { kind: "list", items: nodes.flatMap((n) => n.kind === "array" ? n.items : [n]).map((n) => evaluateNode(n, file, scope)) });
  }
  for (const [key, blocks] of generated) {
    const existing = result.get(key);
    const before = existing === undefined ? [] : existing.kind === "list" ? existing.items : [existing];
    result.set(key, { kind: "list", items: [...before, ...blocks] });
  }
  return result;
}

/** A JSON value in an expression position: strings are templates. */
export function evaluateNode(node: JsonNode, file: string, scope: EvaluationScope): TerraformValue {
  switch (node.kind) {
    case "string": return evaluateTemplate(node.value, scope);
    case "number": return { kind: "number", value: node.value };
    case "boolean": return { kind: "bool", value: node.value };
    case "null": return { kind: "null" };
    case "array": return { kind: "list", items: node.items.map((n) => evaluateNode(n, file, scope)) };
    case "object": return { kind: "object", attributes: evaluateBody(node.entries, file, scope) };
  }
}

/** A collection a for_each (resource or dynamic block) iterates: [key, value] pairs, or the expression it could not evaluate. */
function forEachCollection(node: JsonNode, file: string, scope: EvaluationScope, lists: boolean):
  { pairs: Array<[string, TerraformValue]> } | { expression: string } {
  if (node.kind === "string") {
    const inner = /^\$\{([\s\S]*)\}$/.exec(node.value)?.[1];
    const set = inner === undefined ? undefined : literalSet(inner, scope);
    if (set) return { pairs: set.map((k) => [k, { kind: "string", value: k }]) };
  }
  const value = evaluateNode(node, file, scope);
  if (value.kind === "object") return { pairs: [...value.attributes] };
  if (lists && value.kind === "list") return { pairs: value.items.map((v, i) => [String(i), v]) };
  const expression = node.kind === "string" ? node.value : JSON.stringify(plainValue(node));
  return { expression };
}

function expandDynamic(node: JsonNode, file: string, scope: EvaluationScope, generated: Map<string, TerraformValue[]>): void {
  eachBlock(node, file, "dynamic", 1, ([blockType], spec) => {
    const body = groupEntries(spec.entries);
    const out = generated.get(blockType) ?? [];
    generated.set(blockType, out);
    const forEach = body.get("for_each")?.[0];
    // content is a block: one object, or (hcl2json's form, valid Terraform JSON) an array holding one object.
    const written = body.get("content")?.[0];
    const content = written?.kind === "array" && written.items.length === 1 ? written.items[0] : written;
    if (written?.kind === "array" && written.items.length !== 1) {
      throw new TerraformJsonError(`dynamic "${blockType}" takes exactly one content block, not ${written.items.length}`, where(file, spec));
    }
    if (!forEach || content?.kind !== "object") {
      throw new TerraformJsonError(`dynamic "${blockType}" needs for_each and a content block`, where(file, spec));
    }
    const iteratorNode = body.get("iterator")?.[0];
    const iteratorReference = iteratorNode && staticReference(iteratorNode);
    if (iteratorNode && iteratorReference?.steps.length !== 1) {
      throw new TerraformJsonError(`dynamic "${blockType}": "iterator" must be one name, such as "${blockType}" (the name content reads, as in \${${blockType}.value})`,
        where(file, iteratorNode));
    }
    const iterator = iteratorReference?.text ?? blockType;
    const collection = forEachCollection(forEach, file, scope, true);
    if ("expression" in collection) {
      out.push({ kind: "unknown", expression: collection.expression });
      return;
    }
    for (const [key, value] of collection.pairs) {
      const iterators = new Map(scope.iterators);
      iterators.set(iterator, { kind: "object", attributes: new Map([["key", { kind: "string", value: key }], ["value", value]]) });
      out.push({ kind: "object", attributes: evaluateBody(content.entries, file, { ...scope, iterators }) });
    }
  });
}

function expandResource(block: RawBlock, mode: "managed" | "data", scope: EvaluationScope): ResourceInstance[] {
  const [type, name] = block.labels;
  const file = block.position.file;
  const blockAddress = `${mode === "data" ? "data." : ""}${type}.${name}`;
  const meta = groupEntries(block.entries);
  const dependsOn = (meta.get("depends_on") ?? []).flatMap((list) => {
    if (list.kind !== "array") throw new TerraformJsonError(`${blockAddress}: "depends_on" must be ${ADDRESS_LIST}`, where(file, list));
    return list.items.map((n) => {
      const reference = staticReference(n);
      if (!reference) throw new TerraformJsonError(`${blockAddress}: "depends_on" must be ${ADDRESS_LIST}`, where(file, n));
      return reference.text;
    });
  });
  const lifecycleNode = meta.get("lifecycle")?.[0];
  const lifecycle = lifecycleNode?.kind === "object" ? evaluateBody(lifecycleNode.entries, file, EMPTY)
    : lifecycleNode?.kind === "array" && lifecycleNode.items[0]?.kind === "object"
      ? evaluateBody((lifecycleNode.items[0] as Obj).entries, file, EMPTY) : new Map<string, TerraformValue>();
  const providerNode = meta.get("provider")?.[0];
  const providerReference = providerNode && staticReference(providerNode);
  if (providerNode && !providerReference) {
    throw new TerraformJsonError(`${blockAddress}: "provider" must be a provider configuration reference, such as "aws" or "aws.west"`, where(file, providerNode));
  }
  const provider = providerReference?.text;

  // Worked out when first read (only a finding's location reads it), once for every instance of the block:
  // a plan of thousands of resources is read without a position table for each.
  const { entries } = block;
  let attributePositions: Map<string, SourcePosition> | undefined;
  const instance = (address: string, expansion: InstanceExpansion, iterators: ReadonlyMap<string, TerraformValue>): ResourceInstance => ({
    mode, type, name, address, blockAddress, expansion, dependsOn, lifecycle, ...(provider ? { provider } : {}),
    attributes: evaluateBody(block.entries, file, { ...scope, iterators }, RESOURCE_META), position: block.position,
    get attributePositions() {
      return (attributePositions ??= attributePositionsOf(entries, file));
    },
  });

  const countNode = meta.get("count")?.[0];
  const forEachNode = meta.get("for_each")?.[0];
  if (countNode && forEachNode) {
    throw new TerraformJsonError(`${blockAddress}: "count" and "for_each" cannot both be set`, block.position);
  }
  if (countNode) {
    const count = readNumber(evaluateNode(countNode, file, scope));
    if (count.state !== "known" || !Number.isInteger(count.value) || count.value < 0) {
      const expression = countNode.kind === "string" ? countNode.value : JSON.stringify(plainValue(countNode));
      return [instance(blockAddress, { kind: "not evaluable", argument: "count", expression }, new Map())];
    }
    return Array.from({ length: count.value }, (_, index) => instance(`${blockAddress}[${index}]`, { kind: "count", index },
      new Map([["count", { kind: "object", attributes: new Map([["index", { kind: "number", value: index }]]) } as ObjectValue]])));
  }
  if (forEachNode) {
    const collection = forEachCollection(forEachNode, file, scope, false);
    if ("expression" in collection) {
      return [instance(blockAddress, { kind: "not evaluable", argument: "for_each", expression: collection.expression }, new Map())];
    }
    return collection.pairs.map(([key, value]) => instance(`${blockAddress}[${JSON.stringify(key)}]`, { kind: "for_each", key },
      new Map([["each", { kind: "object", attributes: new Map([["key", { kind: "string", value: key }], ["value", value]]) } as ObjectValue]])));
  }
  return [instance(blockAddress, { kind: "single" }, new Map())];
}
