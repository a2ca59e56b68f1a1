import { it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { lex } from "../../src/syntax/lexer.js";
import { LineIndex } from "../../src/syntax/lines.js";
import { parser } from "../../src/syntax/parser.js";
it("pollution", () => {
  const text = 'policy p0 {\n  deny\n  subject *\n  action *\n  resource *\n  when subject has id and subject.id has id or "alice" in []\n}\n';
  Object.defineProperty(Object.prototype, "1", { value: "admin", enumerable: true, configurable: true, writable: true });
  try {
    const t = lex(text, new LineIndex(text));
    console.log(t.tokens.map((x) => x.tokenType.name).join(" "), t.diagnostics);
    parser.input = t.tokens;
    parser.declaration();
    console.log(parser.errors.map((e) => [e.name, e.message, e.token.image, e.context.ruleStack]));
  } finally { delete (Object.prototype as any)["1"]; }
});
