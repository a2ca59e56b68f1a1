/**
 * `npm start`, the project's main job: the scripted demo runs to the end against the
 * bundled policies and shows the decisions the policies imply (run from the build, as
 * `npm start` does; `npm test` builds first).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const DEMO = fileURLToPath(new URL("../../dist/src/demo/main.js", import.meta.url));

describe.skipIf(!existsSync(DEMO))("the demo (npm start)", () => {
  it("runs every part, v1 and v2 SDK, in-memory and HTTP, and exits 0", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [DEMO], {
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" },
      timeout: 60_000,
    });
    expect(stdout).toContain("every MCP request decided by policies/");
    expect(stdout).toMatch(/read_file\(path: "\/home\/alice\/notes\.md"\)\s+✔ allowed by fs-read-own-home/);
    expect(stdout).toMatch(/request with a forged token\s+✘ HTTP 401/);
    expect(stdout).toContain("SDK v2 (@modelcontextprotocol/server)");
    // The v2 session words its refusals as the v1 sessions do (the audit record says why).
    expect(stdout).toMatch(/write_file\(path: "\/home\/alice\/notes\.md", content: "v2"\)\s+✘ refused policy_denied \(no policy allows it\)/);
    expect(stdout).toMatch(/admin_reset\(\)\s+✘ hidden\s+answered like an unknown item: "Tool admin_reset not found"/);
    expect(stdout).toMatch(/done in \d+ ms/);
  }, 60_000);
});
