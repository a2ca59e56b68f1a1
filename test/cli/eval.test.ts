import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/eval.js";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

const POLICIES = `
policy readers {
  allow
  subject role viewer
  action "tools/call"
  resource "tool:read_*"
}

policy night {
  deny
  subject *
  action "tools/call"
  resource "tool:read_secret"
  when env.hour < 8
}
`;

let dir = "";
let file = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpolicy-eval-"));
  file = join(dir, "p.mcpolicy");
  await writeFile(file, POLICIES);
  await writeFile(join(dir, "broken.txt"), "");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const viewer = '{"id":"alice","roles":["viewer"]}';

async function evalCli(...args: string[]) {
  const io = fakeIO();
  const code = await main(["eval", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("mcpolicy eval", () => {
  it("prints the Decision as JSON and exits 0 when allowed", async () => {
    const r = await evalCli(file, "--subject", viewer, "--resource", "tool:read_file", "--action", "tools/call");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ allowed: true, effect: "allow", policy: "readers", errors: [] });
  });

  it("exits 1 when not allowed, with errors not changing the exit code", async () => {
    const r = await evalCli(file, "--subject", viewer, "--resource", "tool:read_secret", "--action", "tools/call");
    expect(r.code).toBe(1);
    const decision = JSON.parse(r.out);
    expect(decision).toMatchObject({ allowed: false, effect: "deny", policy: "night" });
    expect(decision.errors[0].message).toContain("env.hour");
  });

  it("reads the resource as JSON when it starts with `{`, and the env as JSON", async () => {
    const r = await evalCli(file, "--subject", viewer, "--resource", '{"id":"tool:read_secret"}', "--action", "tools/call", "--env", '{"hour":12}');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).policy).toBe("readers");
  });

  it("exits 1 for a well-formed subject that is not an object (a malformed request)", async () => {
    const r = await evalCli(file, "--subject", "[1]", "--resource", "tool:read_file", "--action", "tools/call");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ allowed: false, effect: "deny", policy: null });
  });

  it("reads `--resource` as JSON only when its first character is `{`", async () => {
    // " {…}" is a string id (spec §7), not the object it would parse to.
    const padded = await evalCli(file, "--subject", viewer, "--resource", ' {"id":"tool:read_file"}', "--action", "tools/call");
    expect(padded.code).toBe(1);
    expect(JSON.parse(padded.out)).toMatchObject({ effect: "notapplicable" });
    expect((await evalCli(file, "--subject", viewer, "--resource", " {", "--action", "tools/call")).code).toBe(1);
  });

  it("takes a value starting with `-` as the option's value, never as a flag", async () => {
    // `-h` as a value used to print the usage and exit 0 ("allowed") without deciding.
    for (const value of ["-h", "--help"]) {
      const asAction = await evalCli(file, "--subject", viewer, "--resource", "tool:read_file", "--action", value);
      expect(asAction.code).toBe(1);
      expect(JSON.parse(asAction.out)).toMatchObject({ allowed: false, effect: "notapplicable" });
      const asResource = await evalCli(file, "--subject", viewer, `--resource=${value}`, "--action", "tools/call");
      expect(asResource.code).toBe(1);
      expect(JSON.parse(asResource.out).effect).toBe("notapplicable");
    }
    // A JSON subject that is a negative number is a malformed request (exit 1), not a usage error.
    const negative = await evalCli(file, "--subject", "-1", "--resource", "tool:read_file", "--action", "tools/call");
    expect(negative.code).toBe(1);
    expect(JSON.parse(negative.out)).toMatchObject({ effect: "deny", policy: null });
  });

  it("refuses an option given twice (which value was meant is a guess): exit 2", async () => {
    const twice = await evalCli(file, "--subject", viewer, "--subject", '{"id":"x"}', "--resource", "tool:read_file", "--action", "tools/call");
    expect(twice.code).toBe(2);
    expect(twice.err).toContain("`--subject` is given more than once");
    const viaEquals = await evalCli(file, "--subject", viewer, "--resource", "tool:a", "--resource=tool:b", "--action", "tools/call");
    expect(viaEquals.code).toBe(2);
    const flagTwice = await evalCli(file, "--subject", viewer, "--resource", "tool:a", "--action", "tools/call", "--explain", "--explain");
    expect(flagTwice.code).toBe(2);
    expect(flagTwice.err).toContain("`--explain` is given more than once");
  });

  it("refuses --format without --explain (the Decision is always JSON), and an --output that is a directory in init", async () => {
    const formatted = await evalCli(file, "--subject", viewer, "--resource", "tool:a", "--action", "tools/call", "--format", "text");
    expect(formatted.code).toBe(2);
    expect(formatted.err).toContain("--format applies to --explain");
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-init-dir-"));
    const io = fakeIO();
    expect(await main(["init", file, "--output", root, "--force"], io)).toBe(2);
    expect(io.stderr()).toContain("is a directory");
  });

  it("refuses a flag given twice in every command: exit 2", async () => {
    const runs = [
      ["check", file, "--quiet", "--quiet"],
      ["fmt", file, "--check", "--check"],
      ["lint", file, "--strict", "--strict"],
    ];
    for (const args of runs) {
      const io = fakeIO();
      expect(await main(args, io)).toBe(2);
      expect(io.stderr()).toContain("is given more than once");
    }
  });

  it("prints its usage and exits 0 for `--help` or `-h` given as a flag", async () => {
    for (const flag of ["--help", "-h"]) {
      const r = await evalCli(flag);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: mcpolicy eval/);
      const after = await evalCli(file, "--subject", viewer, flag);
      expect(after.code).toBe(0);
      expect(after.out).toMatch(/^usage: mcpolicy eval/);
    }
  });

  it("exits 2 on unparsable JSON", async () => {
    const r = await evalCli(file, "--subject", "{oops", "--resource", "tool:read_file", "--action", "tools/call");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--subject is not valid JSON");
    const e = await evalCli(file, "--subject", viewer, "--resource", "{nope", "--action", "a");
    expect(e.code).toBe(2);
  });

  it("exits 2 on usage errors: unknown flag, missing option, no path", async () => {
    expect((await evalCli(file, "--subject", viewer, "--resource", "r", "--action", "a", "--nope")).code).toBe(2);
    expect((await evalCli(file, "--subject", viewer, "--resource", "r")).code).toBe(2);
    expect((await evalCli("--subject", viewer, "--resource", "r", "--action", "a")).code).toBe(2);
    expect((await evalCli(file, "--subject", viewer, "--resource", "r", "--action", "a", "--format", "xml")).code).toBe(2);
  });

  it("exits 2 on a missing path and on a policy compile error", async () => {
    expect((await evalCli(join(dir, "missing.mcpolicy"), "--subject", viewer, "--resource", "r", "--action", "a")).code).toBe(2);
    const bad = join(dir, "bad.mcpolicy");
    await writeFile(bad, "policy x { allow }");
    const r = await evalCli(bad, "--subject", viewer, "--resource", "r", "--action", "a");
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad.mcpolicy");
  });

  it("lists every problem on stderr when a path is missing, prints no decision, and exits 2", async () => {
    const bad = join(dir, "bad2.mcpolicy");
    await writeFile(bad, "policy q { alow }\n");
    const missing = join(dir, "missing-dir");
    const r = await evalCli(missing, bad, "--subject", viewer, "--resource", "r", "--action", "a");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`${missing}:1:1: no such file or directory [E0001]`);
    expect(r.err).toContain(`${bad}:1:12: expected a clause`);
  });

  it("explains for people, with the deciding policy and each test", async () => {
    const io = fakeIO();
    const code = await run([file, "--subject", viewer, "--resource", "tool:read_secret", "--action", "tools/call", "--env", '{"hour":3}', "--explain"], io);
    expect(code).toBe(1);
    // stdout stays the bare Decision (spec §7); the why is for people, on stderr.
    expect(JSON.parse(io.stdout())).toEqual({ allowed: false, effect: "deny", policy: "night", errors: [] });
    const text = io.stderr();
    expect(text).toContain("DENY by policy night");
    expect(text).toMatch(/readers .*applies/);
    expect(text).toContain("when env.hour < 8");
    expect(text).toContain("✓");
  });

  it("explains as JSON with --format json", async () => {
    const io = fakeIO();
    const code = await run([file, "--subject", viewer, "--resource", "tool:read_file", "--action", "tools/call", "--explain", "--format", "json"], io);
    expect(code).toBe(0);
    const printed = JSON.parse(io.stdout());
    // The Decision's own members, plus the explanation.
    expect(printed).toMatchObject({ allowed: true, effect: "allow", policy: "readers", errors: [] });
    expect(Object.keys(printed)).toEqual(["allowed", "effect", "policy", "errors", "explanation"]);
    expect(printed.explanation.policies).toHaveLength(2);
    expect(printed.explanation.summary).toEqual(expect.any(String));
    expect(io.stderr()).toBe("");
  });

  it("prints on stdout with --explain exactly the Decision it prints without (evaluate's, not explain's longer error list)", async () => {
    // Two erring denies: evaluate stops at the first (the outcome is certain), explain lists both.
    const denies = join(dir, "two-denies.mcpolicy");
    await writeFile(denies, "policy d1 { deny subject * action * resource * when env.a > 1 }\npolicy d2 { deny subject * action * resource * when env.b > 1 }\n");
    const request = ["--subject", "{}", "--resource", "r", "--action", "x"];
    const plain = fakeIO();
    expect(await run([denies, ...request], plain)).toBe(1);
    expect(JSON.parse(plain.stdout()).errors).toHaveLength(1);
    const explained = fakeIO();
    expect(await run([denies, ...request, "--explain"], explained)).toBe(1);
    expect(explained.stdout()).toBe(plain.stdout());
    expect(explained.stderr()).toContain("d2");
    const json = fakeIO();
    expect(await run([denies, ...request, "--explain", "--format", "json"], json)).toBe(1);
    const { explanation, ...decision } = JSON.parse(json.stdout());
    expect(decision).toEqual(JSON.parse(plain.stdout()));
    expect(explanation.policies).toHaveLength(2);
  });

  it("colours the explanation only when asked", async () => {
    const plain = fakeIO({ color: false });
    await run([file, "--subject", viewer, "--resource", "tool:read_file", "--action", "tools/call", "--explain"], plain);
    expect(plain.stderr()).not.toContain("\u001b[");
    expect(plain.stderr()).toContain("readers");
    const coloured = fakeIO({ color: true });
    await run([file, "--subject", viewer, "--resource", "tool:read_file", "--action", "tools/call", "--explain"], coloured);
    expect(coloured.stderr()).toContain("\u001b[");
    expect(coloured.stdout()).not.toContain("\u001b[");
  });

  it("--find-arguments prints arguments that would be allowed, exit 0, or never, exit 1", async () => {
    const args = join(dir, "args.mcpolicy");
    await writeFile(
      args,
      'policy q { allow subject * action "tools/call" resource "tool:query" when env.arguments.limit <= 100 and env.arguments.limit > 0 }\n' +
        'policy big { deny subject * action "tools/call" resource "tool:query" when env.arguments.limit > 50 unless env.hour < 8 }\n',
    );
    const found = await evalCli(args, "--subject", viewer, "--resource", "tool:query", "--action", "tools/call", "--env", '{"hour":12,"arguments":{"limit":1000}}', "--find-arguments");
    expect(found.code).toBe(0);
    const result = JSON.parse(found.out);
    expect(result.outcome).toBe("allowed");
    expect(result.arguments.limit).toBeGreaterThan(0);
    expect(result.arguments.limit).toBeLessThanOrEqual(50);
    const never = await evalCli(args, "--subject", viewer, "--resource", "tool:nothing", "--action", "tools/call", "--find-arguments");
    expect(never.code).toBe(1);
    expect(JSON.parse(never.out)).toEqual({ outcome: "never" });
    const both = await evalCli(args, "--subject", viewer, "--resource", "tool:query", "--action", "tools/call", "--find-arguments", "--explain");
    expect(both.code).toBe(2);
    expect(both.err).toContain("cannot be combined");
  });

  it("--find-arguments uses the MCP method's arguments (--arguments overrides), says why a malformed request is never allowed", async () => {
    const shapes = join(dir, "shapes.mcpolicy");
    await writeFile(shapes, 'policy none { allow subject * action "tools/call" resource "tool:bare" when not (env has arguments) }\n');
    const base = [shapes, "--subject", viewer, "--resource", "tool:bare", "--action", "tools/call", "--find-arguments"];
    // A tools/call always carries an object under protect: never.
    expect((await evalCli(...base)).code).toBe(1);
    const any = await evalCli(...base, "--arguments", "any");
    expect(any.code).toBe(0);
    expect(JSON.parse(any.out)).toEqual({ outcome: "allowed" });
    const bad = await evalCli(...base, "--arguments", "numbers");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown --arguments `numbers`");
    expect((await evalCli(...base, "--format", "json")).code).toBe(2);
    expect((await evalCli(shapes, "--subject", viewer, "--resource", "tool:bare", "--action", "tools/call", "--arguments", "any")).code).toBe(2);
    const malformed = await evalCli(shapes, "--subject", viewer, "--resource", "tool:bare", "--action", "tools/call", "--env", "[1]", "--find-arguments");
    expect(malformed.code).toBe(1);
    expect(JSON.parse(malformed.out)).toEqual({ outcome: "never" });
    expect(malformed.err).toContain("malformed env");
  });
});
