import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { SCALE } from "./test/helpers/property-scale.js";

// Property tests run SCALE times longer under MCPOLICY_PROPERTY_SCALE: so may each test.
const timeout = Math.round(60_000 * Math.max(1, SCALE));

export default defineConfig({
  resolve: {
    // package.json "imports" maps `#chevrotain-runtime` into dist/ (what Node runs); the
    // tests run the sources. The synchronous loader is what Node >= 20.19 picks
    // ("module-sync"); test/syntax/chevrotain-bundle.test.ts loads the other one too.
    alias: { "#chevrotain-runtime": fileURLToPath(new URL("./src/syntax/chevrotain-sync.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: timeout,
    // vitest's default is one worker fewer than the cores: one on our 2-core machines,
    // where the main process mostly waits, so one core idles. Timing tests compare
    // ratios measured within one run, so they bear the sharing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000,
    // In CI also write a JSON summary, from which .ci/run prints a plain closing line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest-results.json" }]] : ["default"],
    // `npm run coverage`: which lines and branches of src/ no test reaches (not run in CI).
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/demo/**"],
      reporter: ["text-summary", "json-summary", "json"],
      reportsDirectory: "coverage",
    },
  },
});
