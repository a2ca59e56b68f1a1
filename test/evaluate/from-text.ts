/** Builds a checked PolicySet from source text with the real parser and checks. */
import { checkPolicySet } from "../../src/check/check-set.js";
import type { PolicySet } from "../../src/model/policy-set.js";
import { parse } from "../../src/syntax/parse.js";

/** Parses and checks sources; any diagnostic fails the test that called it. */
export function setFromText(...texts: string[]): PolicySet {
  const files = texts.map((text, i) => {
    const parsed = parse(text, `source${i}.mcpolicy`);
    if (parsed.diagnostics.length > 0) throw new Error(parsed.diagnostics.map((d) => d.message).join("\n"));
    return parsed.ast;
  });
  const checked = checkPolicySet(files);
  if (checked.diagnostics.length > 0) throw new Error(checked.diagnostics.map((d) => d.message).join("\n"));
  return checked.set;
}
