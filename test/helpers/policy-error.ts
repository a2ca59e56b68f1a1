import { expect } from "vitest";
import { PolicyError } from "../../src/errors.js";

/** The diagnostics (`CODE message`) of the PolicyError `run` throws; fails if it throws none or another error. */
export function diagnosticsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as PolicyError).diagnostics.map((d) => `${d.code} ${d.message}`);
  }
  throw new Error("expected a PolicyError");
}
