/**
 * Mutation round 4 of the MCP layer: `redactArguments` (`src/mcp/audit.ts`) keeps the
 * call's own argument names only.
 */
import { describe, expect, it } from "vitest";
import { redactArguments } from "../../src/mcp/index.js";

describe("redactArguments: the call's own argument names only", () => {
	it("never lists an inherited enumerable name (a polluted prototype must not add names to every record)", () => {
		const args = Object.assign(Object.create({ m4inherited: 1 }) as object, { m4own: 2 });
		expect(redactArguments(args)).toEqual({ m4own: "[redacted]" });
		expect(Object.keys(redactArguments(args) as object)).toEqual(["m4own"]);
	});
});
