/**
 * Issue 6 §2 (type-checking against the schema) and docs/schemas.md E0708: a
 * `${subject.PATH}` interpolating something that is not a string or number makes the
 * pattern always err — whether or not the attribute is also optional. An optional
 * array attribute errs when missing (W0710) and when present (E0708): the warning about
 * the first must not hide the error about the second, as it does not for `<` (E0703).
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { PolicyError } from "../../src/errors.js";

const schema = {
  subject: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      tags: { type: "array", items: { type: "string" } },
      org: { type: "object" },
    },
    required: ["id"],
  },
};

function codes(source: string): string[] {
  try {
    compile(source, { schema });
    return [];
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return error.diagnostics.map((d) => (d as { code?: string }).code ?? "");
  }
}

describe("issue 6: E0708 on optional attributes", () => {
  const cases = [
    `policy p { deny subject * action * resource "/h/\${subject.tags}/**" }`,
    `policy p { allow subject * action * resource "/h/\${subject.org}/**" }`,
    `policy p { allow subject * action * resource * when subject.id matches "/h/\${subject.tags}/**" }`,
    `policy p { deny subject * action * resource "/h/\${subject.tags}/**", "/x/\${subject.id}" }`,
  ];
  for (const source of cases) {
    it(source, () => {
      expect(codes(source)).toContain("E0708");
    });
  }

  it("as for `<` on the same attribute", () => {
    expect(codes("policy p { deny subject * action * resource * when subject.tags < 3 }")).toContain("E0703");
  });

  it("a string attribute that is only optional stays a warning", () => {
    expect(codes(`policy p { allow subject * action * resource "/h/\${subject.name}/**" }`)).toEqual([]);
  });
});
