import { it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
it("x", () => {
  for (const c of ["policy p { allow subject * action * resource * when subject has policy }", "policy p { allow subject * action * resource * when subject has role }"]) console.log(parse(c, "x").diagnostics.map((d) => d.message));
});
