// Runs before every test file, so it loads nothing: cdktf alone costs about 0.2 s a file. The one file
// that uses cdktf's jest matchers sets them up itself (stacks/checkpoints-db-stack.test.ts).

// No AWS SDK client in a test may probe the instance-metadata address for credentials.
process.env.AWS_EC2_METADATA_DISABLED = "true";
