import { Testing } from "cdktf";
// Brings the matchers' type declarations into the program for tsc.
import "cdktf/lib/testing/adapters/jest";

// cdktf's jest matchers (toHaveResourceWithProperties, ...); never toBeValidTerraform or toPlanSuccessfully,
// which need provider downloads this environment cannot make.
Testing.setupJest();

// No AWS SDK client in a test may probe the instance-metadata address for credentials.
process.env.AWS_EC2_METADATA_DISABLED = "true";
