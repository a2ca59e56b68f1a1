/**
 * `mcpolicy eval PATH... --subject JSON --resource JSON|STRING --action STRING
 * [--env JSON] [--explain] [--format json|text] [--find-arguments [--arguments SHAPE]]` (spec §7): decides
 * one request and prints the Decision as JSON on stdout, always (with --explain, the why
 * goes to stderr for people, or into an `explanation` member with --format json; with
 * --find-arguments, which `env.arguments` would be allowed). Exit 0 allowed, 1 not
 * allowed, 2 on usage, unparsable JSON, I/O or policy errors.
 */
import { createEngine } from "../engine.js";
import { PolicyError } from "../errors.js";
import { type ArgumentsShape, mcpArgumentsShape } from "../model/arguments-search.js";
import type { Explanation, TestOutcome } from "../model/explain.js";
import { emptySetNotice, foundNothing } from "./empty-set.js";
import { type CliIO, EXIT, palette, parseCommandArgs, UsageError } from "./io.js";
import { loadPolicyInput } from "./policy-input.js";
import { renderDiagnostics } from "./render-diagnostics.js";
import { oneLine } from "./terminal-safe.js";

const SHAPES: readonly ArgumentsShape[] = ["any", "object", "strings", "empty"];

export const usage = `usage: mcpolicy eval PATH... --subject JSON --resource JSON|STRING --action STRING [--env JSON] [--explain] [--format json|text] [--find-arguments [--arguments SHAPE]]

Decides one request against the policy set made of PATH... (files, or directories
searched recursively for *.mcpolicy) and prints the Decision as JSON.

options:
  --subject JSON       the subject, a JSON object (e.g. '{"id":"alice","roles":["editor"]}')
  --resource VALUE     the resource: JSON when it starts with \`{\`, else the resource id
  --action STRING      the action (e.g. tools/call)
  --env JSON           the request context, a JSON object (default {})
  --explain            also say why: every policy's targets and conditions, for people
                       on stderr (stdout still gets only the Decision)
  --format text|json   with --explain: text on stderr (default), or json: the Decision
                       printed with one more member, "explanation": {policies, summary}
  --find-arguments     instead of deciding: which env.arguments would be allowed (the
                       given ones are ignored), as JSON: {"outcome":"allowed","arguments":…}
                       (no "arguments" key: allowed without any), {"outcome":"never"} or
                       {"outcome":"unknown"}; exit 0 unless never (what MCP lists show)
  --arguments SHAPE    with --find-arguments, the values arguments can take: any, object,
                       strings or empty (default: what the MCP method in --action carries
                       under protect — tools/call object, prompts/get strings,
                       resources/read, resources/subscribe and
                       resources/unsubscribe empty — else any)
  -h, --help           show this help

exit codes: 0 allowed, 1 not allowed, 2 usage, JSON, I/O or policy errors
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseEvalArgs(args);
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError("no policy path given");
  for (const required of ["subject", "resource", "action"] as const) {
    if (values[required] === undefined) throw new UsageError(`missing --${required}`);
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError(`unknown format \`${format}\` (expected text or json)`);
  if (values["find-arguments"] === true) {
    if (values.explain === true) throw new UsageError("--find-arguments and --explain cannot be combined");
    if (values.format !== undefined)
      throw new UsageError("--format applies to --explain (--find-arguments prints JSON)");
  } else if (values.arguments !== undefined) throw new UsageError("--arguments applies to --find-arguments");
  // Without --explain the Decision is always JSON (spec §7): a --format there would do nothing.
  else if (values.format !== undefined && values.explain !== true)
    throw new UsageError("--format applies to --explain (the Decision is printed as JSON)");

  const request = readRequest(values.subject as string, values.resource as string, values.env);
  if (!request.ok) {
    io.err(`mcpolicy eval: ${request.message}\n`);
    return EXIT.usage;
  }

  // No decision without the whole set; every problem is still listed, unread paths first.
  const input = await loadPolicyInput(positionals);
  const errors = [...input.ioProblems, ...input.diagnostics.filter((d) => d.severity === "error")];
  if (errors.length > 0) {
    io.err(renderDiagnostics(errors, input.texts, io.color));
    return EXIT.usage;
  }
  // An empty set decides every request notapplicable: a wrong path must not pass unsaid
  // (with --format json, stderr stays for errors, as check's does).
  if (foundNothing(input.names.length, input.diagnostics) && format === "text") io.err(emptySetNotice(positionals, io.color));
  let engine: ReturnType<typeof createEngine>;
  try {
    engine = createEngine(input.set);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    io.err(renderDiagnostics(error.diagnostics, input.texts, io.color));
    return EXIT.usage;
  }

  const action = values.action as string;
  if (values["find-arguments"] === true) {
    const shape = values.arguments ?? mcpArgumentsShape(action);
    if (!SHAPES.includes(shape as ArgumentsShape)) {
      throw new UsageError(`unknown --arguments \`${shape}\` (expected ${SHAPES.join(", ")})`);
    }
    const search = engine.argumentsFor(request.subject, request.resource, action, request.env, {
      arguments: shape as ArgumentsShape,
    });
    io.out(`${JSON.stringify(search, null, 2)}\n`);
    if (search.outcome === "never") {
      // A malformed request is never allowed, whatever its arguments: say why, as plain eval does.
      const decision = engine.evaluate(request.subject, request.resource, action, request.env);
      for (const error of decision.errors) {
        if (error.policy === null && error.message.startsWith("malformed")) io.err(`mcpolicy eval: ${error.message}\n`);
      }
    }
    return search.outcome === "never" ? EXIT.failed : EXIT.ok;
  }
  if (values.explain === true) {
    // stdout stays the Decision (spec §7), exactly as without --explain (`evaluate`'s:
    // explain's own may list more errors, as it does not stop once the outcome is
    // certain), so `--explain | jq .allowed` still works.
    const decision = engine.evaluate(request.subject, request.resource, action, request.env);
    const explanation = engine.explain(request.subject, request.resource, action, request.env);
    const { policies, summary } = explanation;
    if (format === "json") {
      io.out(`${JSON.stringify({ ...decision, explanation: { policies, summary } }, null, 2)}\n`);
    } else {
      io.err(renderExplanation(explanation, io.color));
      io.out(`${JSON.stringify(decision, null, 2)}\n`);
    }
    return decision.allowed ? EXIT.ok : EXIT.failed;
  }
  const decision = engine.evaluate(request.subject, request.resource, action, request.env);
  io.out(`${JSON.stringify(decision, null, 2)}\n`);
  return decision.allowed ? EXIT.ok : EXIT.failed;
}

function parseEvalArgs(args: string[]) {
  return parseCommandArgs(args, {
    subject: { type: "string" },
    resource: { type: "string" },
    action: { type: "string" },
    env: { type: "string" },
    explain: { type: "boolean" },
    format: { type: "string" },
    "find-arguments": { type: "boolean" },
    arguments: { type: "string" },
  });
}

type RequestInput =
  | { readonly ok: true; readonly subject: unknown; readonly resource: unknown; readonly env: unknown }
  | { readonly ok: false; readonly message: string };

/** Parses the JSON arguments; a well-formed value of the wrong shape is left to the engine (exit 1). */
function readRequest(subject: string, resource: string, env: string | undefined): RequestInput {
  const parsedSubject = parseJson(subject, "--subject");
  if (!parsedSubject.ok) return parsedSubject;
  let parsedResource: unknown = resource;
  // Spec §7: JSON exactly when the first character is `{` (" {…}" is a string id).
  if (resource.startsWith("{")) {
    const json = parseJson(resource, "--resource");
    if (!json.ok) return json;
    parsedResource = json.value;
  }
  let parsedEnv: unknown;
  if (env !== undefined) {
    const json = parseJson(env, "--env");
    if (!json.ok) return json;
    parsedEnv = json.value;
  }
  return { ok: true, subject: parsedSubject.value, resource: parsedResource, env: parsedEnv };
}

function parseJson(text: string, flag: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `${flag} is not valid JSON: ${(error as Error).message}` };
  }
}

/** The explanation for people: the decision, then each policy's tests. */
export function renderExplanation(explanation: Explanation, color: boolean): string {
  const c = palette(color);
  const d = explanation.decision;
  const verdict =
    d.effect === "allow"
      ? c.green(c.bold("ALLOW"))
      : d.effect === "deny"
        ? c.red(c.bold("DENY"))
        : c.yellow(c.bold("NOT APPLICABLE"));
  const lines: string[] = [
    `${verdict}${d.policy !== null ? ` by policy ${c.bold(oneLine(d.policy))}` : ""}`,
    oneLine(explanation.summary),
    "",
  ];
  const mark = (outcome: TestOutcome): string => {
    switch (outcome.status) {
      case "true":
        return c.green("✓");
      case "false":
        return c.red("✗");
      case "error":
        return c.yellow("!");
      case "skipped":
        return c.dim("-");
    }
  };
  const value = (outcome: TestOutcome): string =>
    outcome.status === "error"
      ? c.yellow(`error: ${oneLine(outcome.message)}`)
      : outcome.status === "skipped"
        ? c.dim("skipped")
        : outcome.status;
  for (const p of explanation.policies) {
    const where = `${oneLine(p.source ?? "<source>")}:${p.line}:${p.column}`;
    const status = p.decisive ? c.bold(c.cyan("decisive")) : p.applies ? "applies" : c.dim("does not apply");
    lines.push(
      `${p.applies ? c.bold(oneLine(p.policy)) : oneLine(p.policy)} ${c.dim(`(${p.effect}, priority ${p.priority}, ${where})`)} — ${status}`,
    );
    const t = p.targets;
    lines.push(`    subject ${mark(t.subject)}  action ${mark(t.action)}  resource ${mark(t.resource)}`);
    for (const target of ["subject", "action", "resource"] as const) {
      const outcome = t[target];
      if (outcome.status === "error") lines.push(`      ${target}: ${value(outcome)}`);
    }
    for (const condition of p.conditions) {
      // The mark is the test (an `unless` holds when its expression is false); the text shows the value.
      const outcome = condition.outcome;
      const test: TestOutcome =
        condition.mode === "unless" && (outcome.status === "true" || outcome.status === "false")
          ? { status: outcome.status === "true" ? "false" : "true" }
          : outcome;
      lines.push(`    ${mark(test)} ${condition.mode} ${condition.text} ${c.dim("→")} ${value(outcome)}`);
    }
  }
  if (d.errors.length > 0) {
    lines.push("", c.yellow("errors:"));
    for (const error of d.errors)
      lines.push(`  - ${error.policy === null ? "request" : oneLine(error.policy)}: ${oneLine(error.message)}`);
  }
  return `${lines.join("\n")}\n`;
}
