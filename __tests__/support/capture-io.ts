import { CliIo } from "../../cli/io";

/** A CliIo that keeps what a command writes, for assertions. */
export function captureIo(): CliIo & { out: () => string; err: () => string } {
  let stdout = "";
  let stderr = "";
  return {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
    out: () => stdout,
    err: () => stderr,
  };
}
