/**
 * bin/mcpolicy.js in a checkout that was never built: a plain message and exit 2, also
 * when the path needs URL encoding (a space, a non-ASCII letter) — not a module stack.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const launcher = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));

describe("the launcher without a build", () => {
  for (const folder of ["plain", "with space", "naïve é"]) {
    it(`says to build first, under \`${folder}\``, () => {
      const root = join(mkdtempSync(join(tmpdir(), "mcpolicy-launcher-")), folder);
      mkdirSync(join(root, "bin"), { recursive: true });
      writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
      copyFileSync(launcher, join(root, "bin", "mcpolicy.js"));
      const result = spawnSync(process.execPath, [join(root, "bin", "mcpolicy.js"), "--version"], { encoding: "utf8" });
      expect(result.stderr).toBe("mcpolicy: the CLI is not built in this checkout: run `npm run build` first\n");
      expect(result.status).toBe(2);
    });
  }
});
