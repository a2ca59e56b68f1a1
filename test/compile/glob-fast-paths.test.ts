import fc from "fast-check";
import { Minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compileGlob } from "../../src/compile/glob.js";
import { fastGlobMatcher } from "../../src/compile/glob-fast-paths.js";
import { compileLinearMinimatch } from "../../src/compile/minimatch-linear.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";

const reference = (pattern: string, text: string) => new Minimatch(pattern, GLOB_OPTIONS).match(text);

/** Segment-ish pieces: dots, `..`, `-`, empty segments (`//`), leading/trailing `/`. */
const piece = fc.constantFrom("a", "b", "ab", ".", "..", "-", ".a", "a.", ".ssh", ".env", ".pem", "x.pem", "/", "//");
const lit = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));
const segmentLit = fc
  .array(fc.constantFrom("a", "b", ".", "..", "-", ".pem", "pem", "x"), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join(""));
const text = fc
  .tuple(fc.boolean(), fc.array(piece, { maxLength: 8 }), fc.boolean())
  .map(([lead, parts, trail]) => `${lead ? "/" : ""}${parts.join("")}${trail ? "/" : ""}`);

const shapes = {
  "LIT/**": lit.map((l) => `${l}/**`),
  "**/LIT": lit.map((l) => `**/${l}`),
  "**/*SUFFIX": segmentLit.map((l) => `**/*${l}`),
  "**/LIT/**": lit.map((l) => `**/${l}/**`),
};

/** A text that embeds the pattern's literal part, so matches are frequent. */
function related(pattern: string, before: string, after: string): string {
  return before + pattern.replace(/\*\*|\*/g, "") + after;
}

describe("glob fast paths", () => {
  for (const [shape, patterns] of Object.entries(shapes)) {
    it(`agree with minimatch on ${shape}`, () => {
      fc.assert(
        fc.property(patterns, text, text, fc.boolean(), (p, t, u, near) => {
          expect(fastGlobMatcher(p)).not.toBeNull();
          const candidate = near ? related(p, t, u) : t;
          expect(compileGlob(p)(candidate)).toBe(reference(p, candidate));
        }),
        { numRuns: 6000 },
      );
    });
  }

  it("agree with minimatch on `**/MID/**` placed among `.`/`..` segments, MIDs past 200 characters included", () => {
    // The placements are bounded by the first and last `.`/`..` segments and enumerated by
    // findOccurrence: its KMP pass takes MIDs longer than the native search's cut-off.
    const long = "l".repeat(201);
    const segment = fc.constantFrom("a", "b", "ab", "", ".", "..", ".a", "a.", long);
    const mid = fc
      .array(segment, { minLength: 1, maxLength: 3 })
      .map((segments) => segments.join("/"))
      .filter((m) => m !== "");
    const text = (m: string) =>
      fc
        .tuple(fc.array(fc.oneof(segment, fc.constant(m), fc.constant(`${m}/${m}`)), { maxLength: 8 }), fc.boolean())
        .map(([segments, trail]) => `${segments.join("/")}${trail ? "/" : ""}`);
    fc.assert(
      fc.property(
        mid.chain((m) => fc.tuple(fc.constant(m), fc.array(text(m), { minLength: 1, maxLength: 6 }))),
        ([m, texts]) => {
          const p = `**/${m}/**`;
          expect(fastGlobMatcher(p)).not.toBeNull();
          for (const t of texts) expect(compileGlob(p)(t), `${JSON.stringify(t)} vs ${JSON.stringify(p)}`).toBe(reference(p, t));
        },
      ),
      { numRuns: 4000 },
    );
  });

  it("decides the edge cases as minimatch does", () => {
    const cases: [string, string][] = [
      ["a/**", "a"],
      ["a/**", "a/"],
      ["a/**", "a/."],
      ["a/**", "a/b/.."],
      ["a/**", "a//b"],
      ["/**", "/"],
      ["**/.env", ".env"],
      ["**/.env", ".env/"],
      ["**/.env", "../.env"],
      ["**/.env", "a/./.env"],
      ["**/.env", "a//.env/"],
      ["**/*.pem", ".pem"],
      ["**/*.pem", "a/k.pem/"],
      ["**/*..", ".."],
      ["**/*.", "a/."],
      ["**/.ssh/**", ".ssh"],
      ["**/.ssh/**", ".ssh/"],
      ["**/.ssh/**", "a/.ssh/id"],
      ["**/.ssh/**", "./.ssh/id"],
      ["**/../**", "a/../../b"],
      ["**/.ssh/**", ".ssh/.ssh/.."],
      ["**/.ssh/**", ".ssh/../.ssh/a"],
      ["**/.ssh/**", ".ssh/a/../.ssh/b"],
      ["**/a/../b/**", "a/../b/c"],
      ["**/a/../b/**", "x/./a/../b/c"],
      ["**/a/**", "a/a/."],
      ["**/a/**", "./a/b"],
      ["**/a/**", "a/./a/b"],
      ["**//**", "a//b"],
    ];
    for (const [p, t] of cases) expect(compileGlob(p)(t), `${p} vs ${t}`).toBe(reference(p, t));
  });

  it("falls back for other shapes", () => {
    for (const p of [
      "**",
      "**/**",
      "**/a/**/**",
      "a/**/b",
      "**/*.{a,b}",
      "**/\\*",
      "**/a*b",
      ["**/$", "{x}"].join(""),
      "a/*/**",
    ]) {
      expect(fastGlobMatcher(p), p).toBeNull();
    }
  });

  it("prints micro-timings (not asserted)", () => {
    const examples: [string, string[]][] = [
      ["**/.ssh/**", ["/home/alice/.ssh/id_rsa", "/home/alice/project/src/index.ts"]],
      ["**/.env", ["/srv/app/.env", "/srv/app/src/config.ts"]],
      ["**/*.pem", ["/etc/ssl/private/server.pem", "/etc/ssl/openssl.cnf"]],
      ["/home/alice/**", ["/home/alice/notes/todo.md", "/home/bob/notes/todo.md"]],
    ];
    const time = (matcher: (t: string) => boolean, texts: string[]) => {
      const rounds = 200_000;
      let hits = 0;
      for (let i = 0; i < 20_000; i++) for (const t of texts) if (matcher(t)) hits++;
      const start = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) for (const t of texts) if (matcher(t)) hits++;
      const ns = Number(process.hrtime.bigint() - start) / (rounds * texts.length);
      return { ns, hits };
    };
    const lines: string[] = [];
    for (const [p, texts] of examples) {
      const before = time(compileLinearMinimatch(p, GLOB_OPTIONS), texts);
      const after = time(compileGlob(p), texts);
      lines.push(`${p.padEnd(16)} before ${before.ns.toFixed(1)} ns/match  after ${after.ns.toFixed(1)} ns/match`);
    }
    console.log(`glob fast paths:\n${lines.join("\n")}`);
  });
});
