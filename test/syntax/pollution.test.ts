/**
 * A polluted Object.prototype (any code in the process may do it) must not change what
 * parse and the checks produce: no crash, no missed error, no different tree.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: policy text spells `${subject.PATH}` literally
import { afterEach, describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { parse } from "../../src/syntax/parse.js";

const KEYS = ["0", "1", "2", "-1", "path", "literal", "list", "expr", "name", "clause", "Kw_when", "Kw_not", "test", "s", "k"];

const SOURCES = [
  'policy p0 {\n  deny\n  subject *\n  action *\n  resource *\n  when subject has id and subject.id has id or "alice" in [] or not (env.a == [1, "x"])\n}\n',
  "role a includes b\nrole b\npolicy x { allow subject role a or user u action \"x\" resource \"r/${subject.id}\" when env.x matches \"*\" }",
  "policy missing { subject * action * resource * }",
  "policy bad { alow subject * action * resource * }",
  "role a includes a",
  'policy p { allow priority 1.5 subject * action "${x}" resource * when action.x }\n"',
];

describe("parse under a polluted Object.prototype", () => {
  const added: string[] = [];
  afterEach(() => {
    for (const key of added.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
  });

  it.each(KEYS)("gives the same result with Object.prototype[%j] set", (key) => {
    const clean = SOURCES.map((text) => JSON.stringify(parse(text, "s")));
    const cleanSet = JSON.stringify(checkPolicySet(SOURCES.map((t) => parse(t, "s").ast)).diagnostics);
    for (const value of ["admin", 0, { value: "a" }, ["x"]]) {
      Object.defineProperty(Object.prototype, key, { value, enumerable: true, configurable: true, writable: true });
      added.push(key);
      try {
        expect(SOURCES.map((text) => JSON.stringify(parse(text, "s")))).toEqual(clean);
        expect(JSON.stringify(checkPolicySet(SOURCES.map((t) => parse(t, "s").ast)).diagnostics)).toEqual(cleanSet);
      } finally {
        delete (Object.prototype as Record<string, unknown>)[key];
        added.pop();
      }
    }
  });
});
