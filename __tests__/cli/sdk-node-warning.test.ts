// The AWS SDK's NodeVersionSupportWarning, at most once per process however often the SDK is loaded.
// On Node 22 or later the SDK does not warn at all, and the count is 0.
test("loading the SDK in three module registries of one process warns at most once", () => {
  const warnings: string[] = [];
  const spy = jest.spyOn(process, "emitWarning").mockImplementation((warning: string | Error) => {
    if (String(warning).includes("NodeVersionSupportWarning")) warnings.push(String(warning));
  });
  try {
    for (let run = 0; run < 3; run++) {
      jest.isolateModules(() => {
        require("../../aws/aws-errors");
        const { RDSClient } = require("@aws-sdk/client-rds");
        new RDSClient({ region: "us-east-1" });
      });
    }
  } finally {
    spy.mockRestore();
  }
  expect(warnings.length).toBeLessThanOrEqual(1);
});
