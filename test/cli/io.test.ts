/** When the CLI colours its output: never into a file or a pipe, on either stream. */
import { afterEach, describe, expect, it } from "vitest";
import { processIO } from "../../src/cli/io.js";

const saved = {
  out: process.stdout.isTTY,
  err: process.stderr.isTTY,
  noColor: process.env.NO_COLOR,
  forceColor: process.env.FORCE_COLOR,
};

function withTerminals(out: boolean, err: boolean, env: { NO_COLOR?: string; FORCE_COLOR?: string } = {}): boolean {
  process.stdout.isTTY = out;
  process.stderr.isTTY = err;
  delete process.env.NO_COLOR;
  delete process.env.FORCE_COLOR;
  Object.assign(process.env, env);
  return processIO().color;
}

afterEach(() => {
  process.stdout.isTTY = saved.out;
  process.stderr.isTTY = saved.err;
  for (const [key, value] of [["NO_COLOR", saved.noColor], ["FORCE_COLOR", saved.forceColor]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("processIO colour", () => {
  it("colours only when both stdout and stderr are terminals", () => {
    expect(withTerminals(true, true)).toBe(true);
    expect(withTerminals(true, false)).toBe(false); // `2>errors.txt`: diagnostics go to stderr
    expect(withTerminals(false, true)).toBe(false); // `| jq`
  });

  it("respects NO_COLOR and FORCE_COLOR", () => {
    expect(withTerminals(true, true, { NO_COLOR: "1" })).toBe(false);
    expect(withTerminals(false, false, { FORCE_COLOR: "1" })).toBe(true);
    expect(withTerminals(true, true, { FORCE_COLOR: "0" })).toBe(false);
  });
});
