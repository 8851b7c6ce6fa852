// The environment variables the suite's global setup gives every worker (suite-run.ts), in a module of
// their own so that a helper can read them without loading the run's record keeping.

/** The run's own temp folder (TMPDIR of every worker), and the temp folder the run was started with. */
export const SUITE_TMPDIR_ENV = "CKPT_TEST_SUITE_TMPDIR";
export const OUTER_TMPDIR_ENV = "CKPT_TEST_OUTER_TMPDIR";
