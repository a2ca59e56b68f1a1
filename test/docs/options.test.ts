import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { subjectFromAuthInfo, subjectFromEnv } from "../../src/mcp/index.js";

/**
 * Every member of the option types users pass is documented where the docs say options
 * are described: CompileOptions (README, docs/api.md), ProtectOptions and the subject
 * resolvers' options (docs/mcp.md).
 */
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** The members of `interface NAME { … }` in a source file (`readonly a?: …;`). */
function members(path: string, name: string): string[] {
  const body = new RegExp(`interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(read(path))?.[1] ?? "";
  return [...body.matchAll(/^\s*readonly (\w+)\??:/gm)].map((m) => m[1] ?? "");
}

/** The keys of `const NAME = { key: …, … }` in a source file (the options a resolver checks). */
function optionKeys(path: string, name: string): string[] {
  const body = new RegExp(`const ${name} = \\{([\\s\\S]*?)\\n\\}`).exec(read(path))?.[1] ?? "";
  return [...body.matchAll(/^\t(\w+): \[/gm)].map((m) => m[1] ?? "");
}

describe("CompileOptions", () => {
  const names = members("src/model/engine.ts", "CompileOptions");

  it("are found in the source", () => {
    expect(names).toContain("maxSubjects");
  });

  it("are each named by the README's compile line and docs/api.md's type list", () => {
    const readmeLine = /`compile\([^`]*\{([^}`]*)\}\)`/.exec(read("README.md"))?.[1] ?? "";
    const apiList = /`CompileOptions` \(([^)]*)\)/.exec(read("docs/api.md"))?.[1] ?? "";
    for (const name of names) {
      expect(readmeLine, `README: ${name}`).toMatch(new RegExp(`\\b${name}\\b`));
      expect(apiList, `docs/api.md: ${name}`).toContain(`\`${name}\``);
    }
  });
});

describe("ProtectOptions and the subject resolvers' options", () => {
  const mcp = read("docs/mcp.md");

  it("every ProtectOptions member (v1 and v2) is in docs/mcp.md", () => {
    const names = [
      ...members("src/mcp/options.ts", "ProtectOptions"),
      ...members("src/mcp/v2/protect.ts", "ProtectOptions"),
    ];
    expect(names).toEqual(expect.arrayContaining(["subject", "onDecision", "unknown", "authInfo"]));
    expect(names.filter((name) => !new RegExp(`\`${name}[:\` ]|${name}: `).test(mcp))).toEqual([]);
  });

  it("subjectFromAuthInfo's options are in docs/mcp.md, and an unknown one throws", () => {
    const names = optionKeys("src/mcp/subject.ts", "CLAIM_OPTIONS");
    expect(names).toEqual(["idClaim", "rolesClaim", "groupsClaim", "attributes"]);
    for (const name of names) expect(mcp).toContain(`${name}: `);
    expect(() => subjectFromAuthInfo({ roleClaim: "x" } as never)).toThrow(TypeError);
  });

  it("subjectFromEnv's names are documented and rename the variables as shown", () => {
    const names = optionKeys("src/mcp/subject.ts", "ENV_NAME_OPTIONS");
    expect(names).toEqual(["subject", "id", "roles", "groups"]);
    expect(read("docs/api.md")).toContain(`\`{ ${names.join(", ")} }\``);
    expect(mcp).toContain(`subjectFromEnv(process.env, { ${names.join(", ")} })`);
    const resolve = subjectFromEnv({ APP_USER: "bob", MCPOLICY_SUBJECT_ROLES: "viewer,analyst" }, { id: "APP_USER" });
    expect(resolve(undefined)).toEqual({ id: "bob", roles: ["viewer", "analyst"], groups: [] });
  });
});
