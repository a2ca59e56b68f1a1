/**
 * The glob dialect of the language (spec §4.1): minimatch v10 with exactly these options.
 * Data only; each evaluator builds its own matchers from it.
 */
export const GLOB_OPTIONS = Object.freeze({
  dot: true,
  nonegate: true,
  nocomment: true,
  noext: true,
  optimizationLevel: 0,
  preserveMultipleSlashes: true,
  platform: "linux",
} as const);

/** Limits on every glob (resource, action, `matches`), checked at compile time. */
export const GLOB_LIMITS = Object.freeze({
  maxLength: 1024,
  maxGlobstars: 8,
  maxBraceAlternatives: 1000,
});
