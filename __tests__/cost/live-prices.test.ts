import * as fs from "node:fs";
import * as path from "node:path";
import { mockClient } from "aws-sdk-client-mock";
import { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
import { fetchLivePrice, liveQuery, pricingClient } from "../../cost/live-prices";

// GetProducts responses shaped like AWS's: see __tests__/fixtures/aws/README.md for where the shape comes from.
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "aws", "get-products-rds.json"), "utf8"));
const entry = (name: string) => JSON.stringify(FIXTURE[name].PriceList[0]);
/** The instance entry with another price: what a second, different product would look like. */
function repriced(usd: string): string {
  const copy = JSON.parse(entry("instance"));
  const [term] = Object.values(copy.terms.OnDemand) as { priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }[];
  Object.values(term.priceDimensions)[0].pricePerUnit.USD = usd;
  return JSON.stringify(copy);
}

const pricing = mockClient(PricingClient);
afterEach(() => pricing.reset());
afterAll(() => pricing.restore());
const client = () => new PricingClient({ region: "us-east-1" });

test("the client asks the endpoint region AWS documents: us-east-1", async () => {
  expect(await pricingClient().config.region()).toBe("us-east-1");
});

test("reads every page", async () => {
  pricing.on(GetProductsCommand).resolvesOnce({ FormatVersion: "aws_v1", PriceList: [], NextToken: "page-2" })
    .resolvesOnce({ FormatVersion: "aws_v1", PriceList: [entry("instance")] });
  const row = await fetchLivePrice(client(), "us-east-1", "instance/db.t4g.small/Multi-AZ");
  expect(row).toMatchObject({ usd: 0.066, origin: "live", date: "2026-11-01", unit: "hour" });
  expect(pricing.commandCalls(GetProductsCommand)[1].args[0].input.NextToken).toBe("page-2");
});

test("two products with different prices: no price, rather than a guess", async () => {
  pricing.on(GetProductsCommand).resolves({ FormatVersion: "aws_v1", PriceList: [entry("instance"), repriced("0.0700000000")] });
  const row = await fetchLivePrice(client(), "us-east-1", "instance/db.t4g.small/Multi-AZ");
  expect(row?.usd).toBeUndefined();
  expect(row?.source).toMatch(/: 2 different prices matched$/);
});

test("storage is told apart by its usage type: a Single-AZ question does not take the Multi-AZ product", async () => {
  pricing.on(GetProductsCommand).resolves({ FormatVersion: "aws_v1", PriceList: [entry("storage")] });
  const row = await fetchLivePrice(client(), "us-east-1", "storage/gp3/Single-AZ");
  expect(row?.usd).toBeUndefined();
  expect(row?.source).toMatch(/: no on-demand product matched$/);
});

test("items the API is not asked for stay with the data file", () => {
  expect(liveQuery("us-east-1", "secrets-manager-secret")).toBeUndefined();
  expect(liveQuery("us-east-1", "iops/gp3/Multi-AZ")).toBeUndefined();
  expect(liveQuery("eu-west-2", "instance/db.t4g.small/Single-AZ")?.filters.regionCode).toBe("eu-west-2");
});

describe("RDS Extended Support, asked by engine major and pricing year", () => {
  // The filters AWS's own estimator sends (aws-samples/rds-extended-support-cost-estimator scripts/utils/rds_mappings.py
  // @ 385c5377bf203218add5b459210fc65140b337e5: databaseEngine, engineMajorVersion, extendedSupportPricingYear
  // "Year 1, Year 2" | "Year 3"), in the region asked about.
  test("the query names the major and the year", () => {
    expect(liveQuery("us-east-1", "extended-support/year-1-2/postgres-13")?.filters).toEqual({ ServiceCode: "AmazonRDS",
      regionCode: "us-east-1", databaseEngine: "PostgreSQL", engineMajorVersion: "13", extendedSupportPricingYear: "Year 1, Year 2" });
    expect(liveQuery("eu-west-2", "extended-support/year-3/postgres-12")?.filters).toMatchObject({ regionCode: "eu-west-2",
      engineMajorVersion: "12", extendedSupportPricingYear: "Year 3" });
    // Without the major there is nothing to ask for: the data file's rate stays.
    expect(liveQuery("us-east-1", "extended-support/year-1-2")).toBeUndefined();
  });

  test("the price is the product's on-demand vCPU-hour rate; another major's usage type is not taken", async () => {
    pricing.on(GetProductsCommand).resolves({ FormatVersion: "aws_v1", PriceList: [JSON.stringify(FIXTURE["extended-support-year-1-2"].PriceList[0])] });
    expect(await fetchLivePrice(client(), "us-east-1", "extended-support/year-1-2/postgres-13"))
      .toMatchObject({ usd: 0.105, origin: "live", unit: "vCPU-hour", date: "2026-11-01" });
    // infracost matches the usage type too (internal/resources/aws/db_instance.go @ 02a71da: "ExtendedSupport:Yr1-Yr2:" + engine + major).
    const row = await fetchLivePrice(client(), "us-east-1", "extended-support/year-1-2/postgres-14");
    expect(row?.usd).toBeUndefined();
    expect(row?.source).toMatch(/: no on-demand product matched$/);
  });
});
