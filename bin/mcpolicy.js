#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ (`npm run build`; an installed package ships it built).
import { fileURLToPath } from "node:url";

let cli;
try {
  cli = await import("../dist/src/cli/main.js");
} catch (error) {
  // Only the launcher's own target missing means "not built"; any other failure is real.
  const target = fileURLToPath(new URL("../dist/src/cli/main.js", import.meta.url));
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(target)) {
    process.stderr.write("mcpolicy: the CLI is not built in this checkout: run `npm run build` first\n");
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.main(process.argv.slice(2));
