/** A test report as JUnit XML (one testsuite per test file), for CI systems. */
import { printValue } from "./print-value.js";
import type { TestReport, TestResult } from "./runner.js";

function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(r: TestResult, seed: number): string {
  const head = `    <testcase classname="${xml(r.file)}" name="${xml(`${r.kind}: ${r.name}`)}" time="${seconds(r.durationMs)}"`;
  if (r.ok) return r.warning === undefined ? `${head}/>` : `${head}>\n      <system-out>${xml(`warning: ${r.warning}`)}</system-out>\n    </testcase>`;
  const body = [
    r.message ?? "failed",
    r.counterexample !== undefined ? `counterexample: ${printValue(r.counterexample)}` : "",
    r.explanation ?? "",
    r.kind === "invariant" ? `replay with --seed ${seed}` : "",
  ]
    .filter((s) => s !== "")
    .join("\n");
  return `${head}>\n      <failure message="${xml(r.message ?? "failed")}" type="${r.kind}">${xml(body)}</failure>\n    </testcase>`;
}

/**
 * A JUnit XML report of a `runPolicyTests` report (what `mcpolicy test --reporter junit`
 * prints): one `<testsuite>` per test file, one `<testcase>` per example or invariant.
 */
export function junitReport(report: TestReport): string {
  if (typeof report !== "object" || report === null || !Array.isArray(report.results)) {
    throw new TypeError("junitReport() expects a TestReport (from runPolicyTests)");
  }
  const byFile = new Map<string, TestResult[]>();
  for (const r of report.results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const failures = report.results.filter((r) => !r.ok).length;
  const suites = [...byFile].map(([file, results]) => {
    const time = results.reduce((t, r) => t + r.durationMs, 0);
    const failed = results.filter((r) => !r.ok).length;
    return [
      `  <testsuite name="${xml(file)}" tests="${results.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(time)}">`,
      `    <properties><property name="seed" value="${report.seed}"/></properties>`,
      ...results.map((r) => testcase(r, report.seed)),
      "  </testsuite>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mcpolicy" tests="${report.results.length}" failures="${failures}" errors="0" time="${seconds(report.durationMs)}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}

/**
 * JUnit XML for a run that could not start (a policy error, an invalid test file, no
 * tests): one erroring testcase, so a CI system reading the report sees the failure
 * rather than a missing or empty report.
 */
export function junitErrorReport(message: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="mcpolicy" tests="1" failures="0" errors="1" time="0.000">',
    '  <testsuite name="mcpolicy" tests="1" failures="0" errors="1" skipped="0" time="0.000">',
    '    <testcase classname="mcpolicy" name="load the policies and test files" time="0.000">',
    `      <error message="${xml(message.split("\n")[0] ?? "")}" type="load">${xml(message)}</error>`,
    "    </testcase>",
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
