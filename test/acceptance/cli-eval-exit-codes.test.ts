/**
 * Spec §7, `mcpolicy eval`, through the built CLI: exit 0 when allowed, 1 when not (a
 * well-formed JSON value of the wrong shape is a malformed request: 1), 2 on usage,
 * unparsable JSON, I/O or compile errors; `Decision.errors` does not change the exit
 * code; `--resource` is JSON exactly when its first character is `{`. stdout is the
 * Decision as JSON and nothing else; with exit 2 it is empty.
 */
import { describe, expect, it } from "vitest";
import { type CliRun, runCli } from "../helpers/run-cli.js";
import { tempTree } from "../helpers/temp-tree.js";

const POLICIES = {
  "p.mcpolicy": [
    'policy "read-docs" { allow subject * action "read" resource "doc:*" }',
    'policy "no-bob" { deny subject user "bob" action * resource * }',
    'policy "level" { allow subject * action "write" resource "doc:*" when subject.level >= 3 }',
  ].join("\n"),
  "broken.mcpolicy": "policy broken { allow subject * action * }\n",
  // Allowed by `a`, while `b` errs: the errors are listed, the exit code is still 0.
  "errs.mcpolicy": "policy a { allow subject * action * resource * }\npolicy b { allow subject * action * resource * when subject.x == 1 }\n",
};

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly code: 0 | 1 | 2;
  /** The Decision's effect (exit 0 or 1), or what stderr says (exit 2). */
  readonly expect: string;
}

const request = (subject: string, resource: string, action: string, ...more: string[]) => [
  "p.mcpolicy",
  "--subject",
  subject,
  "--resource",
  resource,
  "--action",
  action,
  ...more,
];

const CASES: readonly Case[] = [
  { name: "allowed", args: request('{"id":"al"}', "doc:1", "read"), code: 0, expect: "allow" },
  { name: "denied", args: request('{"id":"bob"}', "doc:1", "read"), code: 1, expect: "deny" },
  { name: "notapplicable", args: request('{"id":"al"}', "img:1", "read"), code: 1, expect: "notapplicable" },
  { name: "an evaluation error (errors do not change the exit code)", args: request('{"id":"al"}', "doc:1", "write"), code: 1, expect: "notapplicable" },
  { name: "allowed, with an evaluation error", args: ["errs.mcpolicy", ...request("{}", "r", "a").slice(1)], code: 0, expect: "allow" },
  { name: "a JSON subject that is an array", args: request("[1]", "doc:1", "read"), code: 1, expect: "deny" },
  { name: "a JSON subject that is a string", args: request('"al"', "doc:1", "read"), code: 1, expect: "deny" },
  { name: "a JSON subject that is null", args: request("null", "doc:1", "read"), code: 1, expect: "deny" },
  { name: "a JSON resource without an id", args: request("{}", "{}", "read"), code: 1, expect: "deny" },
  { name: "a JSON resource whose id is no string", args: request("{}", '{"id":1}', "read"), code: 1, expect: "deny" },
  { name: "a JSON resource with a string id", args: request("{}", '{"id":"doc:1"}', "read"), code: 0, expect: "allow" },
  { name: "a resource starting with a space: a string id", args: request("{}", ' {"id":"doc:1"}', "read"), code: 1, expect: "notapplicable" },
  { name: "a resource id that is `[…]`: a string", args: request("{}", '["doc:1"]', "read"), code: 1, expect: "notapplicable" },
  { name: "--env that is an array", args: request("{}", "doc:1", "read", "--env", "[]"), code: 1, expect: "deny" },
  { name: "--env that is null", args: request("{}", "doc:1", "read", "--env", "null"), code: 1, expect: "deny" },
  { name: "--env that is an object", args: request("{}", "doc:1", "read", "--env", '{"hour":9}'), code: 0, expect: "allow" },
  { name: "--name=value forms", args: ["p.mcpolicy", '--subject={"id":"al"}', "--resource=doc:1", "--action=read"], code: 0, expect: "allow" },
  { name: "a value starting with `-`", args: request("{}", "-doc:1", "read"), code: 1, expect: "notapplicable" },
  { name: "unparsable --subject", args: request("{", "doc:1", "read"), code: 2, expect: "--subject is not valid JSON" },
  { name: "unparsable --resource (it starts with `{`)", args: request("{}", "{doc:1}", "read"), code: 2, expect: "--resource is not valid JSON" },
  { name: "unparsable --env", args: request("{}", "doc:1", "read", "--env", "hour=9"), code: 2, expect: "--env is not valid JSON" },
  { name: "an empty --subject", args: request("", "doc:1", "read"), code: 2, expect: "--subject is not valid JSON" },
  { name: "a policy set that does not compile", args: ["broken.mcpolicy", ...request("{}", "doc:1", "read").slice(1)], code: 2, expect: "[E0301]" },
  { name: "a missing policy path (I/O)", args: ["gone", ...request("{}", "doc:1", "read").slice(1)], code: 2, expect: "gone:1:1: no such file or directory [E0001]" },
  { name: "no policy path", args: request("{}", "doc:1", "read").slice(1), code: 2, expect: "no policy path given" },
  { name: "a missing --action", args: request("{}", "doc:1", "read").slice(0, 5), code: 2, expect: "missing --action" },
  { name: "a missing value at the end", args: [...request("{}", "doc:1", "read"), "--env"], code: 2, expect: "`--env` needs a value" },
  { name: "an unknown flag", args: request("{}", "doc:1", "read", "--verbose"), code: 2, expect: "unknown option `--verbose`" },
  { name: "a flag given twice", args: request("{}", "doc:1", "read", "--action", "read"), code: 2, expect: "`--action` is given more than once" },
  { name: "--explain given twice", args: request("{}", "doc:1", "read", "--explain", "--explain"), code: 2, expect: "`--explain` is given more than once" },
  { name: "--explain with a value", args: request("{}", "doc:1", "read", "--explain=yes"), code: 2, expect: "`--explain` takes no value" },
  { name: "--format without --explain", args: request("{}", "doc:1", "read", "--format", "json"), code: 2, expect: "--format applies to --explain" },
  { name: "an unknown --format", args: request("{}", "doc:1", "read", "--explain", "--format", "yaml"), code: 2, expect: "unknown format `yaml`" },
];

/** Runs `cases`, a few at a time (the host is shared). */
async function runAll(cases: readonly Case[], root: string): Promise<CliRun[]> {
  const results: CliRun[] = [];
  for (let i = 0; i < cases.length; i += 3) {
    const batch = cases.slice(i, i + 3).map((c) => runCli(["eval", ...c.args], { cwd: root }));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** What a run showed, in the form of `Case.expect`: the effect, or the stderr text expected (else everything). */
function outcome(c: Case, run: CliRun): string {
  if (run.code === 2) {
    return run.stdout === "" && run.stderr.includes(c.expect) ? c.expect : `stdout ${JSON.stringify(run.stdout)}, stderr ${JSON.stringify(run.stderr)}`;
  }
  return run.stderr === "" ? (JSON.parse(run.stdout) as { effect: string }).effect : `stderr ${JSON.stringify(run.stderr)}`;
}

/** The requests that are malformed (spec §5): a subject, resource or env of the wrong shape. */
const MALFORMED = new Set(CASES.filter((c) => c.code === 1 && c.expect === "deny" && /JSON|--env/.test(c.name)).map((c) => c.name));
/** The exit-2 cases that are usage errors (the others are JSON, I/O and compile errors). */
const USAGE = new Set(CASES.filter((c) => c.code === 2 && !/unparsable|empty --subject|compile|I\/O/.test(c.name)).map((c) => c.name));

const GROUPS: readonly [string, (c: Case) => boolean][] = [
  ["exits 0 when allowed, 1 when not", (c) => c.code !== 2 && !MALFORMED.has(c.name)],
  ["exits 1 for a malformed request: well-formed JSON of the wrong shape", (c) => MALFORMED.has(c.name)],
  ["exits 2 on unparsable JSON, I/O and compile errors, with nothing on stdout", (c) => c.code === 2 && !USAGE.has(c.name)],
  ["exits 2 on usage errors, with nothing on stdout", (c) => USAGE.has(c.name)],
];

describe("§7 mcpolicy eval exit codes", () => {
  for (const [title, chosen] of GROUPS) {
    it(title, async () => {
      const cases = CASES.filter(chosen);
      expect(cases.length).toBeGreaterThan(5);
      const root = await tempTree(POLICIES, "mcpolicy-eval-codes-");
      const results = await runAll(cases, root);
      expect(cases.map((c, i) => `${c.name}: ${results[i]?.code} ${outcome(c, results[i] as CliRun)}`)).toEqual(
        cases.map((c) => `${c.name}: ${c.code} ${c.expect}`),
      );
    });
  }

  it("prints exactly the Decision's four members, the evaluation error naming its path, whatever the exit code", async () => {
    const root = await tempTree(POLICIES, "mcpolicy-eval-shape-");
    const run = await runCli(["eval", ...request('{"id":"al"}', "doc:1", "write")], { cwd: root });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      allowed: false,
      effect: "notapplicable",
      policy: null,
      errors: [{ policy: "level", message: expect.stringContaining("subject.level") }],
    });
    const allowed = await runCli(["eval", "errs.mcpolicy", ...request("{}", "r", "a").slice(1)], { cwd: root });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toEqual({
      allowed: true,
      effect: "allow",
      policy: "a",
      errors: [{ policy: "b", message: expect.stringContaining("subject.x") }],
    });
  });
});
