import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ReportedDiagnostic } from "../../src/errors.js";
import { main } from "../../src/cli/main.js";
import { capPerFile, MAX_PRINTED_PER_FILE } from "../../src/cli/print-cap.js";
import { fakeIO } from "../helpers/fake-io.js";
import { tempTree } from "../helpers/temp-tree.js";

function diagnostic(source: string | undefined, line: number): ReportedDiagnostic {
  return {
    code: "E0306",
    severity: "error",
    message: `problem ${line}`,
    line,
    column: 1,
    ...(source === undefined ? {} : { source }),
  };
}

/** `count` policies named p0…p(count-1): two copies of it declare every name twice. */
function policies(count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) text += `policy p${i} { allow subject * action * resource * }\n`;
  return text;
}

describe("capPerFile", () => {
  it("keeps the first `max` problems of each file, in order, and counts the rest per file", () => {
    const list = [
      diagnostic("a", 1),
      diagnostic("a", 2),
      diagnostic("a", 3),
      diagnostic("b", 1),
      diagnostic(undefined, 1),
      diagnostic(undefined, 2),
    ];
    const { printed, omitted } = capPerFile(list, 2);
    expect(printed.map((d) => `${d.source ?? "-"}:${d.line}`)).toEqual(["a:1", "a:2", "b:1", "-:1", "-:2"]);
    expect([...omitted]).toEqual([["a", 1]]);
  });

  it("always keeps the front end's E0499, without counting it", () => {
    const tooMany: ReportedDiagnostic = {
      code: "E0499",
      severity: "error",
      message: "too many errors; 9 more not shown",
      line: 9,
      column: 1,
      source: "a",
    };
    const { printed, omitted } = capPerFile([diagnostic("a", 1), diagnostic("a", 2), tooMany, diagnostic("a", 3)], 2);
    expect(printed).toEqual([diagnostic("a", 1), diagnostic("a", 2), tooMany]);
    expect([...omitted]).toEqual([["a", 1]]);
  });

  it("prints everything up to the cap", () => {
    const list = Array.from({ length: MAX_PRINTED_PER_FILE }, (_, i) => diagnostic("a", i + 1));
    const { printed, omitted } = capPerFile(list);
    expect(printed).toHaveLength(MAX_PRINTED_PER_FILE);
    expect(omitted.size).toBe(0);
  });
});

/** A directory with a.mcpolicy and b.mcpolicy, both `policies(count)`: b declares every name again. */
function twoCopies(count: number): Promise<string> {
  const text = policies(count);
  return tempTree({ "a.mcpolicy": text, "b.mcpolicy": text }, "mcpolicy-print-cap-");
}

describe("mcpolicy check with more problems in a file than it prints", () => {
  it("prints the first 200 of a file, says how many more there are, and the summary counts all", async () => {
    const root = await twoCopies(MAX_PRINTED_PER_FILE + 50);
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    const out = io.stdout();
    expect(out.match(/is declared twice \[E0306\]/g)).toHaveLength(MAX_PRINTED_PER_FILE);
    expect(out).toContain(
      `b.mcpolicy:${MAX_PRINTED_PER_FILE}:8: policy \`p${MAX_PRINTED_PER_FILE - 1}\` is declared twice`,
    );
    expect(out).not.toContain(`policy \`p${MAX_PRINTED_PER_FILE}\` is declared twice`);
    expect(out).toContain(
      `… 50 more problems in ${join(root, "b.mcpolicy")} not printed (--format json lists every one)\n`,
    );
    expect(out.endsWith(`✖ ${MAX_PRINTED_PER_FILE + 50} errors in 1 file (${MAX_PRINTED_PER_FILE} shown)\n`)).toBe(
      true,
    );
  });

  it("keeps every problem in --format json", async () => {
    const root = await twoCopies(MAX_PRINTED_PER_FILE + 50);
    const io = fakeIO();
    expect(await main(["check", root, "--format", "json"], io)).toBe(1);
    const report = JSON.parse(io.stdout()) as { diagnostics: ReportedDiagnostic[] };
    expect(report.diagnostics.filter((d) => d.code === "E0306")).toHaveLength(MAX_PRINTED_PER_FILE + 50);
  });

  it("prints only the summary with --quiet, without a shown count", async () => {
    const root = await twoCopies(MAX_PRINTED_PER_FILE + 1);
    const io = fakeIO();
    expect(await main(["check", root, "--quiet"], io)).toBe(1);
    expect(io.stdout()).toBe(`✖ ${MAX_PRINTED_PER_FILE + 1} errors in 1 file\n`);
  });
});
