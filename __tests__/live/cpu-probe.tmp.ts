// temporary: per-test CPU (self + waited children) of the jest worker
import * as fs from "node:fs";
const cpu = () => { const f = fs.readFileSync("/proc/self/stat", "utf8"); const a = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return [11, 12, 13, 14].map((i) => Number(a[i])).reduce((x, y) => x + y, 0) / 100; };
let t = 0; let w = 0;
beforeEach(() => { t = cpu(); w = Date.now(); });
afterEach(() => { fs.appendFileSync("/tmp/net-cpu.log", `${expect.getState().currentTestName}\t${(cpu() - t).toFixed(2)} cpu\t${((Date.now() - w) / 1000).toFixed(2)} wall\n`); });
beforeAll(() => { t = cpu(); w = Date.now(); });
afterAll(() => { fs.appendFileSync("/tmp/net-cpu.log", `ALL(after first beforeAll)\t${(cpu() - t).toFixed(2)} cpu\n`); });
