/**
 * format.ts's safety net, which a correct printer never trips: a canonical form that
 * would change the policy, lose a comment or not parse is never returned — the source
 * is left alone with E0690. Reached here by a printer made faulty on purpose. Also the
 * E0691 report without a source name.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const fault: { rewrite: ((text: string) => string) | null } = { rewrite: null };

vi.mock("../../src/syntax/printer.js", async (original) => {
  const actual = await original<typeof import("../../src/syntax/printer.js")>();
  return {
    ...actual,
    printSourceFile: (...args: Parameters<typeof actual.printSourceFile>) => {
      const text = actual.printSourceFile(...args);
      return fault.rewrite === null ? text : fault.rewrite(text);
    },
  };
});

const { formatSource } = await import("../../src/syntax/format.js");

const SOURCE = "# keep me\npolicy p { deny subject * action * resource * } // and me\n";

afterEach(() => {
  fault.rewrite = null;
});

describe("formatSource: a faulty canonical form is never returned", () => {
  it("a sound printer formats the source (the mock is transparent)", () => {
    expect(formatSource(SOURCE).text).toBe("# keep me\npolicy p {\n  deny\n  subject *\n  action *\n  resource *\n} // and me\n");
  });

  const faults: [string, (text: string) => string][] = [
    ["one that changes the meaning (deny → allow)", (t) => t.replace("deny", "allow")],
    ["one that drops a comment", (t) => t.replace("# keep me\n", "")],
    ["one that changes a comment's text", (t) => t.replace("# keep me", "# keep you")],
    ["one that does not parse", (t) => t.replace("}", "")],
    ["one that adds a comment", (t) => `${t}# extra\n`],
  ];
  for (const [what, rewrite] of faults) {
    it(`${what}: no text, E0690 at 1:1 naming the source`, () => {
      fault.rewrite = rewrite;
      const result = formatSource(SOURCE, "f.mcpolicy");
      expect(result.text).toBeNull();
      expect(result.diagnostics).toEqual([
        {
          code: "E0690",
          severity: "error",
          message: "internal error: the canonical form would change this source, so it was left alone",
          source: "f.mcpolicy",
          line: 1,
          column: 1,
          help: "please report this file to the mcpolicy maintainers",
        },
      ]);
    });
  }

  it("without a source name the E0690 report has no `source`", () => {
    fault.rewrite = (t) => t.replace("deny", "allow");
    const result = formatSource(SOURCE);
    expect(result.text).toBeNull();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.code).toBe("E0690");
    expect(result.diagnostics[0]).not.toHaveProperty("source");
  });
});

describe("formatSource: E0691 without a source name", () => {
  it("the report has no `source`", () => {
    // As in format.test.ts: 130 literals of 10,900 raw zero-width spaces grow past 8 MiB escaped.
    const literal = "\u200b".repeat(10_900);
    let text = "";
    for (let i = 0; i < 130; i++) text += `policy p${i} { allow subject * action * resource * when env.x == "${literal}" }\n`;
    const result = formatSource(text);
    expect(result.text).toBeNull();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0691"]);
    expect(result.diagnostics[0]).not.toHaveProperty("source");
    expect(result.diagnostics[0]).toMatchObject({ line: 1, column: 1, severity: "error" });
  });
});
