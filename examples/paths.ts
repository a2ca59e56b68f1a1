/** Where the example finds `policies/`, whether it runs from `examples/` or from `dist/examples/`. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The directory of the mcpolicy package (the nearest `package.json` named `mcpolicy` above this file). */
export function projectRoot(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const manifest = join(dir, "package.json");
		if (existsSync(manifest)) {
			const name = (
				JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }
			).name;
			if (name === "mcpolicy") return dir;
		}
		const parent = dirname(dir);
		if (parent === dir)
			throw new Error("cannot find the mcpolicy package root");
		dir = parent;
	}
}

/** The policies the example server is protected by: `MCPOLICY_POLICIES`, else `policies/`. */
export function examplePolicies(): string {
	return process.env.MCPOLICY_POLICIES ?? join(projectRoot(), "policies");
}
