/**
 * Globs and paths built segment by segment, for the `**` walks: several `**` (body
 * sections of unequal sizes, where minimatch's bound on where a section may start is not
 * the size of the later ones, and its walk can give up), `.`, `..`, empty segments,
 * leading and trailing `/`, `?`, classes and braces — and paths made from the glob
 * itself, each `**` standing for a few segments (dots included), so that matches are
 * frequent and near misses are everywhere.
 */
import fc from "fast-check";

const GLOB_SEGMENTS = ["**", "**", "**", "*", "a", "b", "?", "[ab]", "[!a]", ".", "..", "", "{a,b}", "{a,b/c}", "a*", ".*", "*."];
const PATH_SEGMENTS = ["a", "b", "c", "ab", "", ".", "..", ".a", "a."];

/** A path segment (or, for `{a,b/c}`, two) that the glob segment often matches. */
const INSTANCE: Record<string, readonly string[]> = {
  "*": ["a", "ab", ".a", "", ".", ".."],
  "?": ["b", ".", "ab"],
  "[ab]": ["a", "c"],
  "[!a]": ["b", "a", "."],
  "{a,b}": ["a", "b"],
  "{a,b/c}": ["b/c", "a", "b"],
  "a*": ["ab", "a", "b"],
  ".*": [".x", ".", ".."],
  "*.": ["a.", ".", ".."],
};

export interface GlobstarCase {
  readonly glob: string;
  /** Paths made from the glob, then random ones. */
  readonly paths: readonly string[];
}

const pathArbitrary = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...PATH_SEGMENTS), { maxLength: 8 }), fc.boolean())
  .map(([lead, segments, trail]) => `${lead ? "/" : ""}${segments.join("/")}${trail ? "/" : ""}`);

const other = fc.constantFrom(...GLOB_SEGMENTS.filter((segment) => segment !== "**"));
const run = (max: number) => fc.array(other, { maxLength: max });

/** Segments anywhere, or head + `**` + (section + `**`)… + tail, with sections of unequal sizes. */
const globSegments = fc.oneof(
  fc.array(fc.constantFrom(...GLOB_SEGMENTS), { minLength: 1, maxLength: 8 }),
  fc
    .tuple(run(2), fc.array(run(3), { minLength: 1, maxLength: 3 }), run(2))
    .map(([head, sections, tail]) => [...head, "**", ...sections.flatMap((section) => [...section, "**"]), ...tail]),
);
const MAX_SEGMENTS = 16;

/** A glob with `**` among other segments, and paths to try it on. */
export const globstarCase: fc.Arbitrary<GlobstarCase> = fc
  .record({
    lead: fc.boolean(),
    segments: globSegments,
    trail: fc.boolean(),
    // Per glob segment: what a `**` stands for, or which instance of another segment.
    fillers: fc.array(fc.array(fc.constantFrom(...PATH_SEGMENTS), { maxLength: 3 }), {
      minLength: MAX_SEGMENTS,
      maxLength: MAX_SEGMENTS,
    }),
    choices: fc.array(fc.nat(), { minLength: MAX_SEGMENTS, maxLength: MAX_SEGMENTS }),
    random: fc.array(pathArbitrary, { maxLength: 4 }),
  })
  .map(({ lead, segments, trail, fillers, choices, random }) => {
    // Variant 0 keeps a filler's dots and an empty one as an empty segment; variant 1
    // drops the dots, and an empty filler stands for no segment at all.
    const made = (variant: number) =>
      segments
        .flatMap((segment, i) => {
          const filler = fillers[i] ?? [];
          if (segment === "**") {
            if (variant === 0) return [filler.join("/")];
            const clean = filler.filter((s) => s !== "." && s !== "..");
            return clean.length === 0 ? [] : [clean.join("/")];
          }
          const instances = INSTANCE[segment];
          return [instances === undefined ? segment : (instances[((choices[i] ?? 0) + variant) % instances.length] as string)];
        })
        .join("/");
    const around = (path: string) => `${lead ? "/" : ""}${path}${trail ? "/" : ""}`;
    const glob = around(segments.join("/"));
    const paths = [around(made(0)), around(made(1)), made(0), `${around(made(1))}/`, ...random];
    return { glob, paths };
  });
