import { defaultMaxConnections, maxConnectionsEstimateForClass, maxConnectionsForClass } from "../../rds/max-connections";

// RDS for PostgreSQL's default: LEAST({DBInstanceClassMemory/9531392}, 5000) (RDS User Guide, CHAP_Limits).
// Worked by hand on the nominal memory of each class:
//   db.t4g.small  2 GiB   = 2,147,483,648 B   / 9,531,392 = 225.3  -> 225
//   db.m7g.large  8 GiB   = 8,589,934,592 B   / 9,531,392 = 901.2  -> 901
//   db.r7g.4xlarge 128 GiB = 137,438,953,472 B / 9,531,392 = 14,419.6 -> capped at 5000
test.each([
  ["db.t4g.small", 2, 225],
  ["db.m7g.large", 8, 901],
  ["db.r7g.4xlarge", 128, 5000],
])("%s (%d GiB): at most %d connections by default", (instanceClass, memoryGib, atMost) => {
  expect(maxConnectionsForClass(instanceClass)).toEqual({ instanceClass, memoryGib, atMost });
});

test("the formula itself: integer division, capped at 5000", () => {
  expect(defaultMaxConnections(9531392 * 100 - 1)).toBe(99);
  expect(defaultMaxConnections(9531392 * 100)).toBe(100);
  expect(defaultMaxConnections(9531392 * 6000)).toBe(5000);
});

test("RDS's reserve makes the live value lower: a 2 GiB class was observed at 198 (db.t2.small), under 225", () => {
  // Observed `SHOW max_connections` on db.t2.small (2 GiB): 198 (gist.github.com/guizmaii/1cacffef793c2ba9645083c3e18b3d8c).
  // The formula on nominal memory is an upper bound, which is how the report words it.
  expect(maxConnectionsForClass("db.t4g.small")?.atMost).toBeGreaterThanOrEqual(198);
});

test("a class whose memory the RDS facts do not hold is unknown, not guessed", () => {
  expect(maxConnectionsForClass("db.x9z.large")).toBeUndefined();
});

// The expected live default: the formula on nominal memory less the reserve observed on db.t2.small
// (2 GiB - 198 x 9531392 = 260,268,032 bytes), worked by hand:
//   db.t4g.micro  (1,073,741,824 - 260,268,032) / 9,531,392 =  85.3 -> 85
//   db.t4g.small  (2,147,483,648 - 260,268,032) / 9,531,392 = 198.0 -> 198 (the observation itself)
//   db.t4g.medium (4,294,967,296 - 260,268,032) / 9,531,392 = 423.3 -> 423
test.each([
  ["db.t4g.micro", 112, 85],
  ["db.t4g.small", 225, 198],
  ["db.t4g.medium", 450, 423],
])("%s: at most %d by the formula, about %d live by default", (instanceClass, atMost, about) => {
  expect(maxConnectionsEstimateForClass(instanceClass)).toMatchObject({ instanceClass, atMost, about });
});

test("the estimate of a class whose memory is unknown is unknown too", () => {
  expect(maxConnectionsEstimateForClass("db.x9z.large")).toBeUndefined();
});
