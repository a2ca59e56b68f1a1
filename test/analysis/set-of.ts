import { checkPolicySet } from "../../src/check/check-set.js";
import type { PolicySet } from "../../src/model/policy-set.js";
import { type AttributeSchema, loadAttributeSchema } from "../../src/attributes/schema.js";
import { parse } from "../../src/syntax/parse.js";

/** A checked policy set from one source; fails the test on any diagnostic. */
export function setOf(text: string, name = "test.mcpolicy"): PolicySet {
  const parsed = parse(text, name);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`fixture does not parse: ${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join("; ")}`);
  const checked = checkPolicySet([parsed.ast]);
  if (checked.diagnostics.length > 0) throw new Error(`fixture does not check: ${checked.diagnostics[0]?.message}`);
  return checked.set;
}

/** A loaded attribute schema; fails the test when it does not load. */
export function schemaOf(value: unknown): AttributeSchema {
  const loaded = loadAttributeSchema(value);
  if (loaded.schema === null) throw new Error(`schema does not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  return loaded.schema;
}

/** `policy p { allow subject * action "tools/call" resource RES <conditions> }` */
export function policyWith(conditions: string, resource = '"tool:read_file"', effect = "allow"): string {
  return `policy p {\n  ${effect}\n  subject *\n  action "tools/call"\n  resource ${resource}\n  ${conditions}\n}\n`;
}
