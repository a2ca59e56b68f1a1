/** Where results are written: bench/results, also when running from dist/bench/harness. */
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

export function resultsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = here.endsWith(`${sep}dist${sep}bench${sep}harness`);
  return join(here, ...(compiled ? ["..", "..", ".."] : ["..", ".."]), "bench", "results");
}
