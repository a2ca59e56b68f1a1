// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * An interpolated value matches only itself (spec §4.3), also next to the pattern's own
 * brackets: a `[` left open before `${subject.id}` must not be closed by a `]` in the
 * value (or by the class a `\` is escaped as), and a class the pattern closes after the
 * value makes its `[` literal (docs/language.md).
 *
 * The oracle is independent of the engine: minimatch's own regex for the pattern with a
 * private-use character where the value goes, that character then replaced by the value
 * escaped for RegExp. It is valid wherever minimatch leaves that character outside a
 * character class, so patterns that may close a class around the value are left to
 * the unit tests of the documented rule below.
 */
import fc from "fast-check";
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { PolicyError } from "../../src/errors.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";
import { runs } from "../helpers/property-scale.js";

const OPTIONS = GLOB_OPTIONS;
const PLACEHOLDER = "\uE123";
const VALUE = "${subject.id}";

/** Whether the input matches the pattern with `value` put in literally; null where the oracle cannot tell. */
function oracle(pattern: string, value: string, input: string): boolean | null {
  const template = pattern.split(VALUE).join(PLACEHOLDER);
  // A `[` before the value and a `]` after it in its segment may be a class closed around
  // it (minimatch even turns `[x]` into a plain `x`): the documented rule, tested below.
  const segment = template.split("/").find((part) => part.includes(PLACEHOLDER)) ?? "";
  const at = segment.indexOf(PLACEHOLDER);
  if (segment.slice(0, at).includes("[") && segment.slice(at).includes("]")) return null;
  let matched = false;
  for (const alternative of minimatch.braceExpand(template, OPTIONS)) {
    const re = new minimatch.Minimatch(alternative, { ...OPTIONS, nobrace: true }).makeRe();
    if (re === false) continue;
    if (insideClass(re.source, PLACEHOLDER)) return null;
    // Only syntax characters: a `\-` or `\,` is an error under the `u` flag minimatch uses
    // for a segment with a POSIX class, and outside a class `-` is literal anyway.
    const literal = value.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    let withValue: RegExp;
    try {
      withValue = new RegExp(re.source.split(PLACEHOLDER).join(literal), re.flags);
    } catch {
      return null;
    }
    if (withValue.test(input)) matched = true;
  }
  return matched;
}

/** Whether `mark` occurs inside a `[...]` of a RegExp source. */
function insideClass(source: string, mark: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === mark && inClass) return true;
    if (c === "[" && !inClass) inClass = true;
    else if (c === "]" && inClass) inClass = false;
  }
  return false;
}

/** A one-policy engine for `pattern`, or null when minimatch cannot build it (E0311 at compile time). */
function engineFor(pattern: string) {
  try {
    return compile(`policy p {\n  allow\n  subject *\n  action "a"\n  resource ${JSON.stringify(pattern)}\n}\n`);
  } catch (error) {
    if (error instanceof PolicyError && error.diagnostics.every((d) => d.code === "E0311")) return null;
    throw error;
  }
}

function decisions(pattern: string, value: string, input: string) {
  const engine = engineFor(pattern);
  if (engine === null) throw new Error(`${pattern} does not compile`);
  const subject = { id: value };
  return {
    engine: engine.evaluate(subject, input, "a").allowed,
    forSubject: engine.forSubject(subject)(input, "a").allowed,
    reference: evaluateReference(engine.policySet, subject, input, "a", undefined).allowed,
  };
}

// No `\` in the pattern's own text: minimatch's segment fast paths (`*.ext`) take an
// escaping backslash literally where its regex does not, so the oracle would not apply.
const patternPiece = fc.constantFrom("a", "b", "x", "/", "[", "]", "[a", "[!", "[^", "[]", "[ab]", "-", "!", "{a,b}", "*", "?", "[:alpha:]", "[[:alpha:]");
const valuePiece = fc.constantFrom("a", "b", "]", "\\", "!", "^", "-", "[", ":", "[:alpha:]", "*", "a-z", ",", " ", "#", "\t", "\u00a0", "-3");
const pattern = fc
  .tuple(fc.array(patternPiece, { maxLength: 4 }), fc.array(patternPiece, { maxLength: 3 }))
  .map(([before, after]) => `/h/${before.join("")}${VALUE}${after.join("")}`)
  .filter((text) => !text.slice(3).includes("/"));
const value = fc.array(valuePiece, { minLength: 1, maxLength: 3 }).map((pieces) => pieces.join(""));

describe("interpolated values next to the pattern's brackets match only themselves", () => {
  it("agree with minimatch's own parse, the value put in literally, in both evaluators", () => {
    let checked = 0;
    fc.assert(
      fc.property(pattern, value, fc.array(fc.constantFrom("a", "b", "x", "[", "]", "\\", "!", "-", ":", "z"), { maxLength: 5 }), (p, v, extra) => {
        // Inputs: the literal rendering (the value where `${subject.id}` was) and variations.
        if (engineFor(p) === null) return;
        const literal = p.replace(VALUE, v);
        const inputs = [literal, `/h/${extra.join("")}`, literal.replace(v, extra.join("")), `${literal}${extra.join("")}`];
        for (const input of inputs) {
          const expected = oracle(p, v, input);
          if (expected === null) continue;
          checked++;
          expect(decisions(p, v, input), `${JSON.stringify(p)} with ${JSON.stringify(v)} on ${JSON.stringify(input)}`).toEqual({
            engine: expected,
            forSubject: expected,
            reference: expected,
          });
        }
      }),
      { numRuns: runs(400) },
    );
    // The oracle applied to most cases (it skips only classes closed around the value).
    expect(checked).toBeGreaterThan(runs(400));
  });

  it("matches a value with `-`, `,`, `#` or white space next to a POSIX class (the `u` flag) and in fast-path segments", () => {
    for (const id of ["alice-smith", "x,y", "a b", "a#b", "-3", "t\tab", "nb\u00a0sp"]) {
      expect(decisions("/h/[[:alpha:]]${subject.id}", id, `/h/x${id}`), id).toEqual({ engine: true, forSubject: true, reference: true });
      expect(decisions("/h/[[:alpha:]]${subject.id}", id, `/h/1${id}`), id).toEqual({ engine: false, forSubject: false, reference: false });
      expect(decisions("/h/*${subject.id}", id, `/h/abc${id}`), id).toEqual({ engine: true, forSubject: true, reference: true });
      expect(decisions("/h/?${subject.id}.txt", id, `/h/q${id}.txt`), id).toEqual({ engine: true, forSubject: true, reference: true });
      expect(decisions("/h/[[:digit:]]/*${subject.id}", id, `/h/1/z${id}`), id).toEqual({ engine: true, forSubject: true, reference: true });
    }
  });

  it("matches a value holding a line separator (U+2028, U+2029) in both evaluators (RegExp.source writes it \\u2028)", () => {
    for (const id of ["a\u2028b", "b\u2029", "\u2028"]) {
      expect(decisions("/h/${subject.id}*", id, `/h/${id}z`), JSON.stringify(id)).toEqual({ engine: true, forSubject: true, reference: true });
      expect(decisions("/h/x[[:alpha:]]${subject.id}", id, `/h/xq${id}`), JSON.stringify(id)).toEqual({ engine: true, forSubject: true, reference: true });
      expect(decisions("/h/?${subject.id}", id, `/h/q${id}x`), JSON.stringify(id)).toEqual({ engine: false, forSubject: false, reference: false });
    }
  });

  it("never lets the value close a `[` the pattern left open", () => {
    expect(decisions("/h/[x${subject.id}", "]", "/h/[x]")).toEqual({ engine: true, forSubject: true, reference: true });
    expect(decisions("/h/[x${subject.id}", "]", "/h/x")).toEqual({ engine: false, forSubject: false, reference: false });
    expect(decisions("/h/[x${subject.id}", "\\", "/h/[x\\")).toEqual({ engine: true, forSubject: true, reference: true });
    expect(decisions("/h/[x${subject.id}", "\\", "/h/x")).toEqual({ engine: false, forSubject: false, reference: false });
    expect(decisions("/h/[!]x${subject.id}", "]", "/h/[!]x]")).toEqual({ engine: true, forSubject: true, reference: true });
  });

  it("makes the `[` of a class closed around the value literal", () => {
    expect(decisions("/h/[${subject.id}]", "!a", "/h/[!a]")).toEqual({ engine: true, forSubject: true, reference: true });
    expect(decisions("/h/[${subject.id}]", "!a", "/h/b")).toEqual({ engine: false, forSubject: false, reference: false });
    expect(decisions("/h/[${subject.id}]", "a-z", "/h/q")).toEqual({ engine: false, forSubject: false, reference: false });
    expect(decisions("/h/[${subject.id}]", "a-z", "/h/[a-z]")).toEqual({ engine: true, forSubject: true, reference: true });
  });

  it("leaves a class that closes before the value as it is", () => {
    expect(decisions("/h/[ab]${subject.id}", "]", "/h/a]")).toEqual({ engine: true, forSubject: true, reference: true });
    expect(decisions("/h/[ab]${subject.id}", "]", "/h/[ab]]")).toEqual({ engine: false, forSubject: false, reference: false });
  });

  it("decides `matches` and couldAllow the same way", () => {
    const engine = compile('policy p {\n  allow\n  subject *\n  action "a"\n  resource *\n  when env.arguments.p matches "/h/[x${subject.id}"\n}\n');
    const subject = { id: "]" };
    expect(engine.evaluate(subject, "r", "a", { arguments: { p: "/h/x" } }).allowed).toBe(false);
    expect(engine.evaluate(subject, "r", "a", { arguments: { p: "/h/[x]" } }).allowed).toBe(true);
    const found = engine.argumentsFor(subject, "r", "a");
    expect(found.outcome).toBe("allowed");
    if (found.outcome === "allowed") expect(engine.evaluate(subject, "r", "a", { arguments: found.arguments }).allowed).toBe(true);
  });
});
