import { it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
it("big bad strings", () => {
  for (const t of ['"' + "a\t".repeat(4_000_000), '"' + "a".repeat(8_000_000), '"' + "\\n".repeat(4_000_000) + '"', "'" + "a".repeat(8_000_000), "#" + "a".repeat(8_000_000), "a".repeat(8_000_000), "1".repeat(8_000_000), "@".repeat(8_000_000), "(".repeat(8_000_000)]) {
    const s = performance.now();
    const r = parse(t);
    console.log(t.slice(0, 3), (performance.now() - s).toFixed(0), r.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.message.slice(0, 60)}`));
  }
});
