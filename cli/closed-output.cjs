// A reader that stops early (`| head -3`, `| true`) closes the pipe, and the next write fails with EPIPE.
// cat, ls and every coreutils command are killed by SIGPIPE then: no message, and the shell reports 141
// (128 + SIGPIPE 13). Node ignores SIGPIPE and cannot die of it, so a tool exits 141 itself, quietly:
// never "unexpected error: write EPIPE", never 1 or another code that a tool's table gives a verdict.
"use strict";

/** 128 + SIGPIPE (13): what a shell reports for `cat` killed by a closed pipe; in no tool's exit table. */
const CLOSED_OUTPUT_EXIT = 141;

const INSTALLED = Symbol.for("checkpoints.endQuietlyOnClosedOutput");
const isClosedPipe = (error) => Boolean(error) && error.code === "EPIPE";

/**
 * Makes a closed stdout or stderr end the process quietly with 141. Covers both ways Node reports it:
 * the stream's 'error' event, and a write that failed just before the tool exited with its own code (the
 * event then never fires; the stream's `errored` tells it). Idempotent; returns the exit code used.
 */
function endQuietlyOnClosedOutput(proc = process) {
  const streams = [proc.stdout, proc.stderr];
  if (proc[INSTALLED]) return CLOSED_OUTPUT_EXIT;
  proc[INSTALLED] = true;
  for (const stream of streams) stream.on("error", onStreamError);
  proc.on("exit", () => {
    if (streams.some((s) => isClosedPipe(s.errored))) proc.exitCode = CLOSED_OUTPUT_EXIT;
  });
  return CLOSED_OUTPUT_EXIT;

  function onStreamError(error) {
    if (isClosedPipe(error)) proc.exit(CLOSED_OUTPUT_EXIT);
    // Any other failure of an output stream is a real error: the tool's own handler reports it.
    throw error;
  }
}

module.exports = { endQuietlyOnClosedOutput, CLOSED_OUTPUT_EXIT, isClosedPipe };
