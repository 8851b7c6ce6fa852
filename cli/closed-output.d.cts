// Types for closed-output.cjs, which the plain-JavaScript tools (tools/*.cjs) use as well.
/** 128 + SIGPIPE: the exit code of a tool whose output was closed early (`| head`). */
export declare const CLOSED_OUTPUT_EXIT: 141;
export declare function isClosedPipe(error: unknown): boolean;
/** A closed stdout or stderr ends the process quietly with 141 (as coreutils' SIGPIPE death shows). */
export declare function endQuietlyOnClosedOutput(proc?: NodeJS.Process): 141;
