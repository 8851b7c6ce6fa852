import {
  cidrContains, cidrWithin, InvalidValueError, isRegion, joinNegativeNumbers, parseBoundedNumber, parseFolderPath, parseIpv4Cidr, parseRegion, parseSecretId,
  parseSeconds, parseStackName, parseSubnetId, parseVpcId,
} from "../../cli/value-parsers";

const rejects = (parse: () => unknown) => expect(parse).toThrow(InvalidValueError);

describe("parseSeconds: plain decimal text only", () => {
  test.each([["10", 10], ["2.5", 2.5], ["0.1", 0.1], ["600", 600]])("%s", (text, seconds) => {
    expect(parseSeconds(text, "--wait")).toBe(seconds);
  });
  // Number() takes every one of these; a user who typed them meant something else.
  test.each(["", " ", "0x10", "1e3", "-1", "+5", "Infinity", "NaN", "5s", " 5", "1,5", ".5", "5."])("rejects %j", (text) => {
    rejects(() => parseSeconds(text, "--wait"));
  });
  test("0 only where it means 'do not wait'", () => {
    rejects(() => parseSeconds("0", "--query-timeout"));
    expect(parseSeconds("0", "--wait", { allowZero: true })).toBe(0);
  });
  test("the message names the flag, the value and what is accepted", () => {
    expect(() => parseSeconds("1e3", "--wait")).toThrow('--wait "1e3" is not valid: a number of seconds such as 10 or 2.5, greater than 0');
  });
});

describe("parseIpv4Cidr", () => {
  test.each(["10.0.1.0/24", "10.0.1.5/32", "198.51.100.0/28", "172.16.0.0/12"])("accepts %s", (text) => {
    expect(parseIpv4Cidr(text, "--app-subnet-cidr").text).toBe(text);
  });
  test.each(["10.0.0.0/33", "not-a-cidr", "10.0.1.0", "10.0.1/24", "256.0.0.0/8", "010.0.1.0/24", "10.0.1.0/-1",
    "10.0.1.0/24 ", "", "::/0", "10.0.1.0/024"])("rejects %j", (text) => {
    rejects(() => parseIpv4Cidr(text, "--app-subnet-cidr"));
  });
  test("host bits set: says which block was meant", () => {
    expect(() => parseIpv4Cidr("10.0.1.5/24", "--app-subnet-cidr")).toThrow("did you mean 10.0.1.0/24, or 10.0.1.5/32?");
  });
  test("0.0.0.0/0 is the whole internet, not an application subnet, unless allowed", () => {
    expect(() => parseIpv4Cidr("0.0.0.0/0", "TF_VAR_app_subnet_cidr")).toThrow("0.0.0.0/0 is every address");
    expect(parseIpv4Cidr("0.0.0.0/0", "x", { allowWorld: true }).prefix).toBe(0);
  });
  test("cidrContains, by node:net's BlockList", () => {
    const subnet = parseIpv4Cidr("10.0.1.0/24", "x");
    expect(cidrContains(subnet, "10.0.1.17")).toBe(true);
    expect(cidrContains(subnet, "::ffff:10.0.1.17")).toBe(true);
    expect(cidrContains(subnet, "10.0.2.17")).toBe(false);
    expect(cidrContains(subnet, "not-an-address")).toBe(false);
    expect(cidrContains(parseIpv4Cidr("0.0.0.0/0", "x", { allowWorld: true }), "203.0.113.9")).toBe(true);
  });
});

describe("parseRegion", () => {
  test.each(["us-east-1", "eu-west-2", "us-gov-west-1", "cn-north-1", "us-isob-east-1", "ap-southeast-5"])("accepts %s", (r) => {
    expect(parseRegion(r, "--region")).toBe(r);
  });
  test.each(["bad region", "", "US-EAST-1", "us-east", "us-east-1 ", "../us-east-1"])("rejects %j", (r) => {
    rejects(() => parseRegion(r, "--region"));
  });
});

describe("parseStackName: a directory under cdktf.out/stacks, so no path syntax", () => {
  test.each(["checkpoints-db", "checkpoints-db-staging"])("accepts %s", (s) => expect(parseStackName(s, "--stack")).toBe(s));
  test.each(["../../etc", "a/b", ".", "..", "", "Checkpoints", "db name", "-x"])("rejects %j", (s) => {
    rejects(() => parseStackName(s, "--stack"));
  });
});

describe("parseSecretId", () => {
  test.each(["checkpoints-db/master", "arn:aws:secretsmanager:us-east-1:123456789012:secret:checkpoints-db/master-AbCdEf"])(
    "accepts %s", (s) => expect(parseSecretId(s, "--secret-id")).toBe(s));
  test.each(["", "has space", "semi;colon", "arn:aws:s3:::bucket", "x".repeat(513)])("rejects %j", (s) => {
    rejects(() => parseSecretId(s, "--secret-id"));
  });
});

describe("bounded numbers and negative values (issue 24)", () => {
  const range = { min: 0, max: 100, unit: "GB", bound: "a test bound" };
  test.each([["-1"], ["101"], ["99999999999999999999"], ["1e3"], ["0x10"], [""], [" 5"], ["Infinity"], ["1.5.2"]])(
    "%j is refused as typed", (text) => {
      expect(() => parseBoundedNumber(text, "--size", range))
        .toThrow(`--size ${JSON.stringify(text)} is not valid: a number of GB from 0 to 100 (a test bound)`);
    });
  test.each([["0", 0], ["100", 100], ["2.5", 2.5]])("%j is %d", (text, value) => {
    expect(parseBoundedNumber(text, "--size", range)).toBe(value);
  });
  test("whole numbers only, when asked", () => {
    expect(() => parseBoundedNumber("2.5", "--n", { ...range, integer: true })).toThrow("a whole number of GB");
  });
  test("a string option followed by a negative number is joined; other arguments and everything after -- stay", () => {
    expect(joinNegativeNumbers(["--wait", "-5", "--json", "-h", "--", "--wait", "-1"], ["--wait"]))
      .toEqual(["--wait=-5", "--json", "-h", "--", "--wait", "-1"]);
    expect(joinNegativeNumbers(["--wait", "-x"], ["--wait"])).toEqual(["--wait", "-x"]);
  });
});

describe("EC2 ids and folders", () => {
  test.each([["vpc-0123456789abcdef0"], ["vpc-01234567"]])("%j is a VPC id", (id) => expect(parseVpcId(id, "--vpc-id")).toBe(id));
  test.each([["notavpc"], ["vpc-1"], ["vpc-0123456789ABCDEF0"], ["subnet-01234567"]])("%j is not", (id) => {
    expect(() => parseVpcId(id, "--vpc-id")).toThrow(`--vpc-id ${JSON.stringify(id)} is not valid: a VPC id`);
  });
  test.each([["subnet-1"], ["subnet-"], [""]])("%j is not a subnet id", (id) => {
    expect(() => parseSubnetId(id, "--db-subnet-ids")).toThrow("is not valid: a subnet id");
  });
  test.each([[""], ["  "]])("%j is not a folder", (text) => expect(() => parseFolderPath(text, "--out")).toThrow("a folder path"));
});

// Found by mutation testing (npm run mutate -- --only cli, issue 27): each edge below let a mutant survive.
describe("edges the parsers must get right", () => {
  test("cidrWithin: the app block must lie wholly inside the VPC's (preflight's app-CIDR row)", () => {
    expect(cidrWithin("10.0.1.0/24", "10.0.0.0/16")).toBe(true);
    expect(cidrWithin("10.0.0.0/16", "10.0.0.0/16")).toBe(true); // the same block
    expect(cidrWithin("10.1.1.0/24", "10.0.0.0/16")).toBe(false);
    expect(cidrWithin("10.0.0.0/8", "10.0.0.0/16")).toBe(false); // wider than the VPC: its base is inside, not all of it
    expect(cidrWithin("10.0.1.0/33", "10.0.0.0/16")).toBe(false);
    expect(cidrWithin("10.0.1.0/24", "10.0.0.0/-1")).toBe(false);
    expect(cidrWithin("10.0.1.0/x", "10.0.0.0/16")).toBe(false);
    expect(cidrWithin("10.0.1.0/24", "10.0.0.0/1.5")).toBe(false);
    expect(cidrWithin("fd00::/64", "10.0.0.0/16")).toBe(false);
    expect(cidrWithin("10.0.1.0/24", "fd00::/8")).toBe(false);
    expect(cidrWithin("10.0.1.5/32", "10.0.0.0/16")).toBe(true); // one address
    expect(cidrWithin("10.0.1.0/24", "0.0.0.0/0")).toBe(true); // every address contains it
  });
  test("parseSeconds: the upper bound is inclusive, and zero is refused unless allowed", () => {
    expect(parseSeconds("600", "--wait", { max: 600 })).toBe(600);
    expect(() => parseSeconds("600.5", "--wait", { max: 600 })).toThrow("up to 600");
    expect(() => parseSeconds("0", "--wait")).toThrow("greater than 0, up to");
    expect(() => parseSeconds("0.0", "--wait")).toThrow(InvalidValueError);
    expect(parseSeconds("0", "--wait", { allowZero: true })).toBe(0);
    expect(() => parseSeconds("x", "--wait", { allowZero: true })).toThrow("from 0 up to");
    expect(() => parseSeconds("1234567890", "--wait")).toThrow(InvalidValueError);
    expect(() => parseSeconds("1.2345", "--wait")).toThrow(InvalidValueError);
    expect(parseSeconds("999999999", "--wait")).toBe(999999999);
    expect(parseSeconds("2.125", "--wait")).toBe(2.125);
    expect(() => parseSeconds("999999999.5", "--wait")).toThrow(InvalidValueError);
  });
  test("parseIpv4Cidr: the message says the block must be narrower than 0.0.0.0/0, unless the world is allowed", () => {
    expect(() => parseIpv4Cidr("10.0.1.0", "--cidr")).toThrow('--cidr "10.0.1.0" is not valid: an IPv4 CIDR block such as 10.0.1.0/24 '
      + "(address/prefix, prefix 0-32, no host bits set), narrower than 0.0.0.0/0");
    expect(() => parseIpv4Cidr("10.0.1.0", "--cidr", { allowWorld: true })).toThrow(/no host bits set\)$/);
    expect(() => parseIpv4Cidr("a10.0.1.0/24", "x")).toThrow(InvalidValueError); // anchored: nothing before the address
    expect(cidrContains(parseIpv4Cidr("10.0.1.0/24", "x"), "10.0.1.1::ffff:7")).toBe(false); // only a leading ::ffff: is dropped
    expect(parseIpv4Cidr("10.0.1.0/32", "x")).toEqual({ address: "10.0.1.0", prefix: 32, text: "10.0.1.0/32" });
    expect(() => parseIpv4Cidr("10.0.1.128/25", "x")).not.toThrow();
    expect(() => parseIpv4Cidr("10.0.1.128/24", "x")).toThrow("did you mean 10.0.1.0/24");
    expect(parseIpv4Cidr("10.0.0.0/7", "x").prefix).toBe(7);
    expect(() => parseIpv4Cidr("11.0.0.0/7", "x")).toThrow("did you mean 10.0.0.0/7, or 11.0.0.0/32?");
    expect(() => parseIpv4Cidr("1.0.0.0/0", "x", { allowWorld: true })).toThrow("did you mean 0.0.0.0/0");
  });
  test("parseRegion: a well-formed but unlisted region names the closest listed one and where the list comes from", () => {
    expect(() => parseRegion("us-east-9", "--region")).toThrow(/did you mean us-east-\d\? \(rds\/aws-regions\.ts, from the AWS SDK's partitions, /);
    expect(() => parseRegion("bad", "--region")).toThrow('--region "bad" is not valid: an AWS region code such as us-east-1 or eu-west-2');
    expect(isRegion("us-iso-east-1")).toBe(true);
    expect(isRegion("us-east-123")).toBe(false);
    expect(isRegion("xus-east-1")).toBe(false);
  });
  test("parseStackName, parseSecretId, EC2 ids and folders: their limits and messages", () => {
    expect(parseStackName("a" + "b".repeat(99), "--stack")).toHaveLength(100);
    expect(() => parseStackName("a" + "b".repeat(100), "--stack")).toThrow("a stack name such as checkpoints-db");
    expect(() => parseStackName("db.", "--stack")).toThrow(InvalidValueError);
    expect(parseSecretId("x".repeat(512), "--secret-id")).toHaveLength(512);
    expect(parseSecretId("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db/master-AbCdEf", "--secret-id"))
      .toMatch(/^arn:aws-us-gov:/);
    for (const arn of ["arn:aws:secretsmanager:us-east-1:12345678901:secret:db", "xarn:aws:secretsmanager:us-east-1:123456789012:secret:d b",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:d b", "arn:aws:secretsmanager:us-east-1:123456789012:secret:"]) {
      expect(() => parseSecretId(arn, "--secret-id")).toThrow('is not valid: a Secrets Manager secret name (1-512 letters, digits or /_+=.@-) '
        + "or a secret ARN, for example checkpoints-db/master");
    }
    expect(parseSubnetId("subnet-0123456789abcdef0", "--db-subnet-ids")).toBe("subnet-0123456789abcdef0");
    expect(parseSubnetId("subnet-01234567", "--db-subnet-ids")).toBe("subnet-01234567");
    expect(() => parseSubnetId("subnet-012345678", "--db-subnet-ids")).toThrow("subnet- and 8 or 17 hex digits, for example subnet-0123456789abcdef0");
    expect(() => parseVpcId("vpc-0123456789abcdef0x", "--vpc-id")).toThrow("vpc- and 8 or 17 hex digits, for example vpc-0123456789abcdef0");
    expect(() => parseVpcId("xvpc-01234567", "--vpc-id")).toThrow(InvalidValueError);
    expect(() => parseFolderPath("evidence\0x", "--out")).toThrow('--out "evidence\\u0000x" is not valid: a folder path, for example evidence/checkpoints-db');
    expect(parseFolderPath(" evidence ", "--out")).toBe(" evidence ");
  });
  test("parseBoundedNumber: both bounds inclusive, a minus sign read, no bound said when none is given", () => {
    const range = { min: -5, max: 5, unit: "seconds" };
    expect(parseBoundedNumber("-5", "--n", range)).toBe(-5);
    expect(parseBoundedNumber("5", "--n", range)).toBe(5);
    expect(parseBoundedNumber("-0.5", "--n", range)).toBe(-0.5);
    expect(() => parseBoundedNumber("-6", "--n", range)).toThrow(/^--n "-6" is not valid: a number of seconds from -5 to 5$/);
    expect(() => parseBoundedNumber("1.1234567", "--n", range)).toThrow(InvalidValueError);
    expect(() => parseBoundedNumber("12345678901234567", "--n", { ...range, max: 1e17 })).toThrow(InvalidValueError);
    expect(parseBoundedNumber("3", "--n", { ...range, integer: true })).toBe(3);
    expect(parseBoundedNumber("-12", "--n", { ...range, min: -20, integer: true })).toBe(-12);
    expect(parseBoundedNumber("2.125", "--n", range)).toBe(2.125);
    expect(() => parseBoundedNumber("x", "--n", { ...range, integer: true })).toThrow(/^--n "x" is not valid: a whole number of seconds from -5 to 5$/);
  });
  test("joinNegativeNumbers: only a following negative number, only after a string option", () => {
    expect(joinNegativeNumbers(["--json", "-5"], ["--wait"])).toEqual(["--json", "-5"]);
    expect(joinNegativeNumbers(["--wait"], ["--wait"])).toEqual(["--wait"]);
    expect(joinNegativeNumbers(["--wait", "5", "--size", "-1"], ["--wait", "--size"])).toEqual(["--wait", "5", "--size=-1"]);
    expect(joinNegativeNumbers(["--", "--wait", "-1"], ["--wait"])).toEqual(["--", "--wait", "-1"]);
    expect(joinNegativeNumbers(["--wait", "x-1"], ["--wait"])).toEqual(["--wait", "x-1"]); // a value that merely contains -1
  });
});
