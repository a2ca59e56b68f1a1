/** Input bounds of spec §3; each breach is a diagnostic, never a crash or a hang. */
export const SOURCE_LIMITS = Object.freeze({
  /** Bytes of UTF-8 per source. */
  maxSourceBytes: 8 * 1024 * 1024,
  /** UTF-8 bytes of a string literal's raw text. */
  maxStringBytes: 64 * 1024,
  /** Enclosing `(` plus `not`. */
  maxExpressionDepth: 64,
});

/** Request-side bound: structures nested deeper than this err in `==` (spec §4.2). */
export const MAX_VALUE_DEPTH = 64;
