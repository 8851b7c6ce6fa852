import {
  cidrContains, InvalidValueError, joinNegativeNumbers, parseBoundedNumber, parseFolderPath, parseIpv4Cidr, parseRegion, parseSecretId,
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
