import { it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
const src = `# Roles: an editor can do everything a viewer can.
role editor includes viewer

policy admins {
  allow
  priority 100
  subject role admin
  action *
  resource *
}

policy "read-tools" {
  allow
  subject role viewer
  action "tools/call", "tools/list"
  resource "tool:read_*", "tool:search_*"
}

policy "own-home-only" {
  allow
  subject role editor
  action "tools/call"
  resource "tool:write_file"
  when env.arguments.path matches "/home/\${subject.id}/**"
}

policy "no-writes-after-hours" {
  deny
  priority 50
  subject *
  action "tools/call"
  resource "tool:write_*", "tool:execute_*"
  when env.hour < 8 or env.hour >= 18
  unless "oncall" in subject.groups
}
`;
it("smoke", () => {
  const r = parse(src, "ex.mcpolicy");
  console.log(JSON.stringify(r.diagnostics, null, 1));
  console.log(JSON.stringify(r.ast.declarations.map((d) => d.kind === "Policy" ? { n: d.name.value, c: d.conditions.map((c) => c.expr) } : d.name.value), (k, v) => (k === "span" ? undefined : v)));
  for (const bad of [
    "policy x { alow subject * action * resource * }",
    "policy x { allow subject * action * resouce * }",
    "policy x { allow subject * action * resource * when a = 1 }",
    "policy x { allow subject * action * resource * when subject.a = 1 && not subject.b }",
    "policy x { allow subject * action * }",
    "policy x { allow subject * action * resource *",
    "policy x { allow subject * action * resource * when subject.x == }\npolicy y { deny }",
    "policy x { allow allow subject * action * resource * when action.x == 1 }",
    "role a includes b\nrole b includes a\nrole a",
    'policy x { allow subject * action "${x}" resource "${subject}" }',
    "policy x { allow subject * action * resource * when " + "(".repeat(100000) + " }",
    "policy x { allow subject * action * resource * when " + "not ".repeat(100000) + " true }",
    "policy x { allow priority 1.5 subject * action * resource * }",
    'policy x { allow subject * action * resource "' + "{a,b}".repeat(30) + '" }',
    "policy x { allow subject user \"a\\q\" action * resource * }",
    "@@@ policy x { allow subject * action * resource * } policy x { deny subject * action * resource * }",
  ]) {
    const t = Date.now();
    const r2 = parse(bad, "b");
    console.log(bad.slice(0, 80), Date.now() - t, "ms", r2.ast.declarations.length, "\n  ", r2.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}${d.help ? ` [${d.help}]` : ""}`).join("\n   "));
  }
});
