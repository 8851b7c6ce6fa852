import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The write end of a pipe whose reader is already gone, for a child's stdout (`| head` after it exited): the
 * child's first write fails with EPIPE however soon it comes. Closing the parent's end of a "pipe" stdio after
 * spawn() races the child instead: a parent descheduled for longer than the child's whole run (a loaded CI
 * worker) lets it write everything into the pipe's buffer and exit with its verdict. A FIFO, opened for
 * reading (without blocking), then for writing, then its reader closed. Close the returned fd once spawned.
 */
export function readerlessPipe(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readerless-pipe-"));
  try {
    const fifo = path.join(dir, "fifo");
    execFileSync("mkfifo", ["-m", "600", fifo]);
    const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writer = fs.openSync(fifo, fs.constants.O_WRONLY);
    fs.closeSync(reader);
    return writer;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
