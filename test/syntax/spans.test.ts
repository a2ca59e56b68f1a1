import { describe, expect, it } from "vitest";
import type { Expr, Policy } from "../../src/model/ast.js";
import type { Span } from "../../src/model/span.js";
import { parse } from "../../src/syntax/parse.js";
import { parseClean } from "./helpers.js";

/** `line:column-line:column@offset-offset`. */
function at(span: Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}@${span.start.offset}-${span.end.offset}`;
}

function firstPolicy(text: string): Policy {
  const d = parseClean(text, "spans.mcpolicy").declarations.find((x) => x.kind === "Policy");
  if (d?.kind !== "Policy") throw new Error("no policy");
  return d;
}

describe("spans", () => {
  const text = 'policy p {\n  allow\n  subject role a\n  action *\n  resource "r"\n  when (env.a or env.b) and not env.c\n}\n';

  it("cover a policy from `policy` to `}`", () => {
    expect(at(firstPolicy(text).span)).toBe("1:1-7:2@0-101");
  });

  it("name the source", () => {
    const policy = firstPolicy(text);
    expect(policy.span.source).toBe("spans.mcpolicy");
    expect(policy.name.span.source).toBe("spans.mcpolicy");
  });

  it("are absent of a source name when none is given", () => {
    const result = parse("role a");
    expect(result.ast.declarations[0]?.span.source).toBeUndefined();
    expect(result.ast.name).toBe("");
  });

  it("cover names, targets and patterns", () => {
    const policy = firstPolicy(text);
    expect(at(policy.name.span)).toBe("1:8-1:9@7-8");
    expect(at(policy.subject.span)).toBe("3:3-3:17@21-35");
    expect(at(policy.action.span)).toBe("4:3-4:11@38-46");
    expect(policy.resource.kind === "PatternList" && at(policy.resource.patterns[0]?.span as Span)).toBe("5:12-5:15@58-61");
  });

  it("cover a compound expression including the parentheses around its first operand", () => {
    const condition = firstPolicy(text).conditions[0];
    expect(at(condition?.span as Span)).toBe("6:3-6:38@64-99");
    const and = condition?.expr as Expr & { kind: "And" };
    expect(at(and.span)).toBe("6:8-6:38@69-99");
    expect(at((and.operands[0] as Expr).span)).toBe("6:9-6:23@70-84");
    expect(at((and.operands[1] as Expr).span)).toBe("6:29-6:38@90-99");
  });

  it("count CRLF as one line break", () => {
    const policy = firstPolicy("role a\r\n\r\npolicy p { allow subject * action * resource * }");
    expect(at(policy.span)).toBe("3:1-3:49@10-58");
  });

  it("count a lone CR as a line break", () => {
    const policy = firstPolicy("role a\r\rpolicy p { allow subject * action * resource * }");
    expect(policy.span.start.line).toBe(3);
  });

  it("count columns in UTF-16 code units", () => {
    const result = parse('role "\u{1f600}" @');
    expect(result.diagnostics[0]).toMatchObject({ line: 1, column: 11, offset: 10 });
  });

  it("do not count a leading byte-order mark as a column, but keep offsets into the text", () => {
    const ast = parseClean("\ufeffrole a");
    expect(ast.declarations[0]?.span.start).toEqual({ offset: 1, line: 1, column: 1 });
  });

  it("cover the whole source in the SourceFile", () => {
    expect(at(parseClean("role a\n").span)).toBe("1:1-2:1@0-7");
  });
});
