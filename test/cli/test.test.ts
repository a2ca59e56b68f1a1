import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

async function dirWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-test-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
  return root;
}

const POLICIES = `policy read { allow subject role viewer action "tools/call" resource "tool:read_*" }
policy write { allow subject role editor action "tools/call" resource "tool:write_*" when env.hour >= 8 }
`;

const FALSE_INVARIANT = JSON.stringify({
  examples: [{ name: "viewer reads", subject: { id: "a", roles: ["viewer"] }, resource: "tool:read_x", action: "tools/call", expect: "allow", policy: "read" }],
  invariants: [{ name: "editors never write", where: '"editor" in subject.roles', action: "tools/call", resource: "tool:write_*", never: "allow" }],
});

describe("mcpolicy test", () => {
  it("runs the example policy tests and exits 0", async () => {
    const io = fakeIO();
    expect(await main(["test", "policies", "--runs", "200", "--seed", "1"], io)).toBe(0);
    const out = io.stdout();
    expect(out).toContain("policies/policies.test.json\n");
    expect(out).toContain("✓ example: a viewer reads a file in their own home");
    expect(out).toContain("✓ invariant: a viewer never deletes files (200 requests)");
    expect(out).toMatch(/coverage: \d+ of \d+ policies decided at least one tested request/);
    expect(out).toMatch(/✔ \d+ tests passed in [\d.]+s \(seed 1\)/);
    expect(io.stderr()).toBe("");
  });

  it("prints a shrunk counterexample, its explanation and the seed to replay, and exits 1", async () => {
    const root = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": FALSE_INVARIANT });
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "300", "--seed", "11"], io)).toBe(1);
    const out = io.stdout();
    expect(out).toContain("✗ invariant: editors never write");
    expect(out).toContain("expected never allow, got allow by `write`");
    expect(out).toContain("counterexample (shrunk):");
    expect(out).toMatch(/subject: {2}\{.*"editor".*\}/);
    expect(out).toContain("why:");
    expect(out).toContain("replay with `--seed 11`");
  });

  it("gives the same result for the same seed", async () => {
    const root = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": FALSE_INVARIANT });
    const first = fakeIO();
    const second = fakeIO();
    await main(["test", root, "--runs", "300", "--seed", "5"], first);
    await main(["test", root, "--runs", "300", "--seed", "5"], second);
    const strip = (s: string) => s.replace(/[\d.]+s \(seed/, "Xs (seed");
    expect(strip(first.stdout())).toBe(strip(second.stdout()));
  });

  it("writes JUnit XML to stdout or to --output", async () => {
    const root = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": FALSE_INVARIANT });
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "100", "--seed", "2", "--reporter", "junit"], io)).toBe(1);
    expect(io.stdout()).toMatch(/^<\?xml/);
    expect(io.stdout()).toContain('tests="2" failures="1"');
    expect(io.stderr()).toContain("1 of 2 tests failed");
    const file = join(root, "report.xml");
    expect(await main(["test", root, "--runs", "100", "--reporter", "junit", "--output", file], fakeIO())).toBe(1);
    expect(await readFile(file, "utf8")).toContain("<testsuites");
  });

  it("still writes a JUnit report when the run cannot start: an invalid test file is an error testcase", async () => {
    const root = await dirWith({ "p.mcpolicy": POLICIES, "bad.test.json": '{"tests":' });
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit"], io)).toBe(1);
    expect(io.stdout()).toMatch(/^<\?xml/);
    expect(io.stdout()).toContain('errors="1"');
    expect(io.stdout()).toMatch(/<error message="[^"]*the test file is not valid JSON/);
    const file = join(root, "report.xml");
    const broken = await dirWith({ "p.mcpolicy": "policy p { allow }", "p.test.json": FALSE_INVARIANT });
    expect(await main(["test", broken, "--reporter", "junit", "--output", file], fakeIO())).toBe(1);
    expect(await readFile(file, "utf8")).toContain("the policy set has errors");
    // A report that cannot be written is an I/O error (exit 2), as for a run that started.
    const unwritable = join(root, "no-such-dir", "report.xml");
    for (const target of [root, broken]) {
      const failing = fakeIO();
      expect(await main(["test", target, "--reporter", "junit", "--output", unwritable], failing)).toBe(2);
      // Said in words, as a path that cannot be read is.
      expect(failing.stderr()).toContain(`mcpolicy test: cannot write \`${unwritable}\`: no such directory \`${join(root, "no-such-dir")}\` (ENOENT)\n`);
    }
  });

  it("runs invariants over integers past 32 bits, and reports a range with no integer (JUnit too) instead of crashing", async () => {
    const policy = 'policy p { allow subject * action "a" resource "r" when subject.n > 0 }';
    const tests = JSON.stringify({ invariants: [{ name: "never deny", never: "deny" }] });
    const schemaOf = (n: unknown) => JSON.stringify({ subject: { type: "object", properties: { n }, required: ["n"] }, actions: ["a"], resources: [{ id: "r" }] });
    const wide = await dirWith({ "p.mcpolicy": policy, "p.test.json": tests, "schema.json": schemaOf({ type: "integer", minimum: 2e9, maximum: 3e9 }) });
    const io = fakeIO();
    expect(await main(["test", wide, "--runs", "100", "--seed", "1"], io)).toBe(0);
    expect(io.stdout()).toContain("✓ invariant: never deny (100 requests)");
    const empty = await dirWith({ "p.mcpolicy": policy, "p.test.json": tests, "schema.json": schemaOf({ type: "integer", minimum: 0.5, maximum: 0.7 }) });
    const text = fakeIO();
    expect(await main(["test", empty, "--runs", "100", "--seed", "1"], text)).toBe(1);
    expect(text.stdout()).toContain("cannot generate requests the schema accepts: `subject.n`: no integer lies between minimum 0.5 and maximum 0.7");
    expect(text.stderr()).toBe("");
    const report = join(empty, "j.xml");
    expect(await main(["test", empty, "--runs", "100", "--seed", "1", "--reporter", "junit", "--output", report], fakeIO())).toBe(1);
    expect(await readFile(report, "utf8")).toMatch(/<failure message="cannot generate requests the schema accepts: [^"]*no integer lies between minimum 0.5 and maximum 0.7"/);
  });

  it("shows a progress bar on stderr only on an interactive terminal", async () => {
    const root = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": JSON.stringify({ invariants: [{ name: "x", resource: "tool:read_*", always: ["allow", "notapplicable", "deny"] }] }) });
    const quiet = fakeIO();
    await main(["test", root, "--runs", "600"], quiet);
    expect(quiet.stderr()).toBe("");
    const tty = { ...fakeIO(), interactive: true };
    let err = "";
    await main(["test", root, "--runs", "600"], { ...tty, err: (t: string) => { err += t; } });
    expect(err).toMatch(/\r {2}\[#+-*\] \d+\/600 generated requests/);
  });

  it("fails when there are no test files, or a test file is invalid", async () => {
    const empty = await dirWith({ "p.mcpolicy": POLICIES });
    const io = fakeIO();
    expect(await main(["test", empty], io)).toBe(1);
    expect(io.stderr()).toContain("no test files (*.test.json)");
    const bad = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": '{"examples": [{"name": "x"}]}' });
    const badIO = fakeIO();
    expect(await main(["test", bad], badIO)).toBe(1);
    expect(badIO.stderr()).toContain("`examples[0]` needs `expect` (a decision) or `listed` (list visibility), or both");
    // Closed by a summary line, as a failing run is.
    expect(badIO.stderr()).toMatch(/\n✖ 4 errors in 1 file; no test was run\n$/);
    const broken = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": "{" });
    expect(await main(["test", broken], fakeIO())).toBe(1);
  });

  it("reports a test file named that does not exist as itself (E0001, exit 2), before loading any policy", async () => {
    // Beside it, policies with errors and a broken test file: none of them is the problem.
    const root = await dirWith({ "bad.mcpolicy": "policy q { alow }\n", "other.test.json": "{" });
    const io = fakeIO();
    expect(await main(["test", join(root, "missing.test.json")], io)).toBe(2);
    expect(io.stderr()).toBe(`${join(root, "missing.test.json")}:1:1: no such file or directory [E0001]\n`);
    const sub = fakeIO();
    expect(await main(["test", join(root, "sub", "missing.test.json")], sub)).toBe(2);
    expect(sub.stderr()).toBe(`${join(root, "sub", "missing.test.json")}:1:1: no such file or directory [E0001]\n`);
    // As typed in a shell: relative to a working directory full of other things.
    const { spawnSync } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const bin = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));
    const shell = spawnSync(process.execPath, [bin, "test", "missing.test.json"], { cwd: root, encoding: "utf8" });
    expect(shell.stderr).toBe("missing.test.json:1:1: no such file or directory [E0001]\n");
    expect(shell.status).toBe(2);
  });

  it("reports the problems of a test file's or schema's content as the problems of a policy file's are (exit 1); only one that cannot be read is exit 2", async () => {
    const latin1 = Buffer.from([0x7b, 0xe9, 0x7d]);
    const root = await dirWith({ "p.mcpolicy": POLICIES });
    await writeFile(join(root, "p.test.json"), latin1);
    const io = fakeIO();
    expect(await main(["test", root], io)).toBe(1);
    expect(io.stderr()).toContain(`${join(root, "p.test.json")}:1:1: file is not valid UTF-8 text [E0003]`);
    const junit = fakeIO();
    expect(await main(["test", root, "--reporter", "junit"], junit)).toBe(1);
    expect(junit.stdout()).toContain("[E0003]");
    // A schema given, or named by a test file.
    const schemas = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": FALSE_INVARIANT });
    await writeFile(join(schemas, "latin1.json"), latin1);
    const given = fakeIO();
    expect(await main(["test", schemas, "--schema", join(schemas, "latin1.json")], given)).toBe(1);
    expect(given.stderr()).toContain(`${join(schemas, "latin1.json")}:1:1: file is not valid UTF-8 text [E0003]`);
    await writeFile(join(schemas, "p.test.json"), JSON.stringify({ ...JSON.parse(FALSE_INVARIANT), schema: "latin1.json" }));
    expect(await main(["test", schemas], fakeIO())).toBe(1);
    // Not valid JSON: E0901 / E0750, exit 1 (as before); cannot be read at all: exit 2.
    await writeFile(join(schemas, "broken.json"), "{");
    expect(await main(["test", schemas, "--schema", join(schemas, "broken.json")], fakeIO())).toBe(1);
    expect(await main(["test", schemas, "--schema", join(schemas, "missing.json")], fakeIO())).toBe(2);
    expect(await main(["test", schemas, "--schema", schemas], fakeIO())).toBe(2);
  });

  it("reports every problem when a path cannot be read: the missing path and the policies' errors (exit 2)", async () => {
    const root = await dirWith({ "bad.mcpolicy": "policy q { alow }\n", "p.test.json": FALSE_INVARIANT });
    const missing = join(root, "missing-dir");
    const io = fakeIO();
    expect(await main(["test", missing, root], io)).toBe(2);
    expect(io.stderr()).toContain(`${missing}:1:1: no such file or directory [E0001]`);
    expect(io.stderr()).toContain(`${join(root, "bad.mcpolicy")}:1:12: expected a clause`);
    const named = fakeIO();
    expect(await main(["test", join(root, "missing.test.json"), root], named)).toBe(2);
    expect(named.stderr()).toContain(`${join(root, "missing.test.json")}:1:1: no such file or directory [E0001]`);
    expect(named.stderr()).toContain("[E0201]");
  });

  it("runs one test file given by name against the policies beside it", async () => {
    const viewerReads = { name: "viewer reads too", subject: { id: "a", roles: ["viewer"] }, resource: "tool:read_y", action: "tools/call", expect: "allow" };
    const root = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": FALSE_INVARIANT, "q.test.json": JSON.stringify({ examples: [viewerReads] }) });
    const io = fakeIO();
    expect(await main(["test", join(root, "q.test.json")], io)).toBe(0);
    expect(io.stdout()).toContain("viewer reads too");
    expect(io.stdout()).not.toContain("editors never write");
  });

  it("runs a test file given by name against the policy paths named with it, not its directory's (and says so in --help)", async () => {
    const denies = { name: "viewer reads", subject: { id: "a", roles: ["viewer"] }, resource: "tool:read_y", action: "tools/call", expect: "notapplicable" };
    const root = await dirWith({ "p.mcpolicy": POLICIES, "only.mcpolicy": 'policy other { allow subject * action "x" resource "y" }\n', "q.test.json": JSON.stringify({ examples: [denies] }) });
    const io = fakeIO();
    expect(await main(["test", join(root, "q.test.json"), join(root, "only.mcpolicy")], io)).toBe(0);
    expect(io.stdout()).toContain("coverage: 0 of 1 policies");
    const help = fakeIO();
    expect(await main(["test", "--help"], help)).toBe(0);
    expect(help.stdout().replace(/\s+/g, " ")).toContain(
      "A test file given by name brings the policies of its directory, unless policy files or directories are named too: then the policy set is only those.",
    );
  });

  it("fails a run that tests nothing: an empty test file, a filter no test name contains", async () => {
    for (const empty of ["{}", JSON.stringify({ examples: [], invariants: [] })]) {
      const root = await dirWith({ "p.mcpolicy": POLICIES, "q.test.json": empty });
      const io = fakeIO();
      expect(await main(["test", root], io)).toBe(1);
      expect(io.stderr()).toContain("tests nothing");
    }
    const root = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": FALSE_INVARIANT });
    const io = fakeIO();
    expect(await main(["test", root, "--filter", "no such test"], io)).toBe(1);
    expect(io.stderr()).toContain("nothing was tested");
  });

  it("generates each file's invariants from the schema that file names", async () => {
    // a.test.json names s1.json (level 1 only), b.test.json names s2.json (level 2 only):
    // b's invariant must fail, as it does when b runs alone.
    const policies = 'policy lvl2 { allow subject * action "tools/call" resource "tool:x" when subject.level == 2 }\n';
    const schema = (level: number) => JSON.stringify({ subject: { type: "object", properties: { level: { enum: [level] } }, required: ["level"] } });
    const invariant = (name: string, schemaFile: string) =>
      JSON.stringify({ schema: schemaFile, invariants: [{ name, action: "tools/call", resource: "tool:x", never: "allow" }] });
    const root = await dirWith({
      "p.mcpolicy": policies,
      "s1.json": schema(1),
      "s2.json": schema(2),
      "a.test.json": invariant("level one never", "s1.json"),
      "b.test.json": invariant("level two never", "s2.json"),
    });
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "200"], io)).toBe(1);
    expect(io.stdout()).toMatch(/✓ invariant: level one never/);
    expect(io.stdout()).toMatch(/✗ invariant: level two never/);
  });

  it("prints a failing example whose data nests thousands of levels deep", async () => {
    // Written as text: JSON.stringify itself cannot write it (that was the crash).
    const deep = `${"[".repeat(5000)}1${"]".repeat(5000)}`;
    const example = `{"name":"deep","subject":{"id":"a","roles":[],"deep":${deep}},"resource":"tool:read_x","action":"tools/call","expect":"allow"}`;
    const root = await dirWith({ "p.mcpolicy": POLICIES, "d.test.json": `{"examples":[${example}]}` });
    for (const reporter of ["text", "junit"]) {
      const io = fakeIO();
      expect(await main(["test", root, "--reporter", reporter], io)).toBe(1);
      expect(io.stdout()).toContain("too deep");
    }
  });

  it("runs only the tests whose name contains --filter", async () => {
    const root = await dirWith({ "p.mcpolicy": POLICIES, "p.test.json": FALSE_INVARIANT });
    const io = fakeIO();
    expect(await main(["test", root, "--filter", "viewer", "--runs", "50"], io)).toBe(0);
    expect(io.stdout()).toContain("✓ example: viewer reads");
    expect(io.stdout()).not.toContain("editors never write");
  });

  it("reports usage errors with exit 2", async () => {
    expect(await main(["test"], fakeIO())).toBe(2);
    expect(await main(["test", "policies", "--runs", "0"], fakeIO())).toBe(2);
    expect(await main(["test", "policies", "--reporter", "tap"], fakeIO())).toBe(2);
    expect(await main(["test", "policies", "--output", "x.xml"], fakeIO())).toBe(2);
    expect(await main(["test", "/nonexistent/policies"], fakeIO())).toBe(2);
  });

  it("warns, with the numbers, when a passing invariant decided fewer than half of its requests", async () => {
    // `pattern` is not followed by generation: most generated codes are refused by the schema.
    const root = await dirWith({
      "p.mcpolicy": 'policy p { deny subject * action * resource * when env.code == "xy" or env.code == "ab" or env.code == "cd" }\n',
      "schema.json": JSON.stringify({ env: { type: "object", properties: { code: { type: "string", pattern: "^x" } }, required: ["code"] } }),
      "p.test.json": JSON.stringify({ invariants: [{ name: "never allowed", never: "allow" }] }),
    });
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "1000", "--seed", "1"], io)).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(/✓ invariant: never allowed \(\d+ requests, \d+ refused by the schema\)\n {6}warning: only \d+ of the 1000 requests asked for were decided by the policies/);
    expect(out).toMatch(/✔ 1 tests passed in [\d.]+s \(seed 1\), 1 with a warning \(fewer than half of its requests decided\)/);
  });
});
