/**
 * print-comments.ts: a comment that ends a policy block followed by a blank line keeps
 * its text and its place, and the blank line before `}` goes (the canonical form has
 * none there). The oracle: same tree, every comment kept, idempotent.
 */
import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/syntax/format.js";
import { parse } from "../../src/syntax/parse.js";
import { scanComments } from "../../src/syntax/print-comments.js";
import { stripSpans } from "../../src/syntax/strip-spans.js";

const SOURCE = "policy p {\n  deny\n  subject *\n  action *\n  resource *\n  # last one\n\n  # really last\n\n}\n# after\n\n";

describe("format: the last comments of a block, blank lines after them", () => {
  const once = formatSource(SOURCE, "c.mcpolicy");

  it("keeps both comments in the block, the blank line between them, none before `}`", () => {
    expect(once.diagnostics).toEqual([]);
    expect(once.text).toBe("policy p {\n  deny\n  subject *\n  action *\n  resource *\n  # last one\n\n  # really last\n}\n\n# after\n");
  });

  it("same tree, same comments, and a fixed point", () => {
    const text = once.text as string;
    expect(stripSpans(parse(text).ast)).toEqual(stripSpans(parse(SOURCE).ast));
    expect(scanComments(text).map((c) => c.text)).toEqual(scanComments(SOURCE).map((c) => c.text));
    expect(formatSource(text, "c.mcpolicy").text).toBe(text);
  });
});
