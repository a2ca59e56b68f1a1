/**
 * Helpers for the static-rule cases: the error diagnostics `parse` and `compile` give.
 */
import { expect } from "vitest";
import { type Diagnostic, PolicyError } from "../../src/errors.js";
import type { Sources } from "./systems.js";

export async function parseErrors(text: string, name = "test.mcpolicy"): Promise<Diagnostic[]> {
  const { parse } = await import("../../src/syntax/parse.js");
  return parse(text, name).diagnostics.filter((d) => d.severity === "error");
}

/** The diagnostics of the PolicyError `compile` throws; [] when it compiles. Anything else thrown fails. */
export async function compileErrors(sources: Sources | unknown): Promise<Diagnostic[]> {
  const { compile } = await import("../../src/engine.js");
  try {
    compile(sources as never);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    const diagnostics = (error as PolicyError).diagnostics.filter((d) => d.severity === "error");
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(typeof d.message).toBe("string");
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
    return diagnostics;
  }
}

/** 1-based line and column of the first occurrence of `needle` (UTF-16 code units). */
export function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}

/** Position just past the last character of `text`. */
export function endOf(text: string): { line: number; column: number } {
  const lines = text.split("\n");
  return { line: lines.length, column: (lines[lines.length - 1] ?? "").length + 1 };
}

export function at(diagnostics: readonly Diagnostic[]): { line: number; column: number }[] {
  return diagnostics.map((d) => ({ line: d.line, column: d.column }));
}
