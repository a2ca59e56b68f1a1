/**
 * `mcpolicy test --reporter junit --output FILE` over an existing report when the disk
 * fills up part-way: the previous report must still be there, whole (nothing lost), and
 * the failure is an I/O error, exit 2. A full disk is injected as in
 * init-write-failure.test.ts: every `writeFile` into the test's directory truncates its
 * file, writes a few bytes and fails with ENOSPC, as Node's writeFile does on a full disk.
 * Both places that write the report are covered: after a run, and when no test can run.
 */
import { readdir, readFile, stat, writeFile as realWriteFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("node:fs/promises", async (importOriginal) => {
  const { withFullDisk } = await import("../helpers/full-disk.js");
  return withFullDisk(await importOriginal());
});

const { fullDisk } = await import("../helpers/full-disk.js");
const { main } = await import("../../src/cli/main.js");
const { fakeIO } = await import("../helpers/fake-io.js");
const { tempTree } = await import("../helpers/temp-tree.js");

afterEach(() => {
  fullDisk.under = undefined;
});

const POLICY = 'policy read { allow subject * action "tools/call" resource "tool:read_*" }\n';
const EXAMPLES = JSON.stringify({
  examples: [{ name: "reads", subject: { id: "a" }, resource: "tool:read_x", action: "tools/call", expect: "allow" }],
});
const PREVIOUS = '<?xml version="1.0"?>\n<testsuites name="previous run"></testsuites>\n';

describe("mcpolicy test --reporter junit --output FILE on a full disk", () => {
  it("after a run: keeps the previous report whole, leaves no temporary file, exits 2", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "p.test.json": EXAMPLES, "report.xml": PREVIOUS }, "mcpolicy-junit-full-");
    const report = join(root, "report.xml");
    fullDisk.under = root;
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit", "--output", report], io)).toBe(2);
    expect(io.stderr()).toContain(`mcpolicy test: cannot write \`${report}\`: no space left on the device (ENOSPC)\n`);
    expect(await readFile(report, "utf8")).toBe(PREVIOUS);
    expect((await readdir(root)).sort()).toEqual(["p.mcpolicy", "p.test.json", "report.xml"]);
  });

  it("when no test can run (no test files): keeps the previous report whole, exits 2", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "report.xml": PREVIOUS }, "mcpolicy-junit-full-");
    const report = join(root, "report.xml");
    fullDisk.under = root;
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit", "--output", report], io)).toBe(2);
    expect(io.stderr()).toContain(`cannot write \`${report}\``);
    expect(await readFile(report, "utf8")).toBe(PREVIOUS);
  });

  it("with room: replaces the previous report, keeping its mode", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "p.test.json": EXAMPLES }, "mcpolicy-junit-full-");
    const report = join(root, "report.xml");
    await realWriteFile(report, PREVIOUS, { mode: 0o640 });
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit", "--output", report], io)).toBe(0);
    const xml = await readFile(report, "utf8");
    expect(xml).toContain("<testsuites");
    expect(xml).toContain('name="example: reads"');
    expect(xml).not.toContain("previous run");
    expect((await stat(report)).mode & 0o777).toBe(0o640);
  });

  it("a new report file is written as before", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "p.test.json": EXAMPLES }, "mcpolicy-junit-full-");
    const report = join(root, "new-report.xml");
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit", "--output", report], io)).toBe(0);
    expect(await readFile(report, "utf8")).toContain('name="example: reads"');
  });
});
