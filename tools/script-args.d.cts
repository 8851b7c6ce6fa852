// Types for script-args.cjs, so TypeScript scripts import it instead of an untyped require.
type OptionKind = { type: "string" } | { type: "boolean" };
/**
 * The parsed option values, or the process ends: usage on stdout and exit 0 for --help, the problem and
 * the usage on stderr and exit 2 for an option it does not know.
 */
export declare function parseScriptArgs<Options extends Record<string, OptionKind>>(program: string, usage: string,
  options?: Options, argv?: readonly string[]): { readonly [Name in keyof Options]?: Options[Name] extends { type: "boolean" } ? boolean : string };
/** A --rounds-style count: plain digits, at least 1; exits 2 naming the flag otherwise. */
export declare function positiveInteger(program: string, flag: string, text: string | undefined, fallback: number): number;
