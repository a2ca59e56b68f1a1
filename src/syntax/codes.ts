/**
 * Stable diagnostic codes of the front end, documented with examples in
 * docs/diagnostics.md. E01xx lexical, E02xx syntax, E03xx static rules, E04xx limits.
 * A code never changes meaning once released; retired codes are not reused.
 */
export const CODES = Object.freeze({
  /** A bug in the front end; reported so that it fails closed. */
  internalError: "E0000",
  // E01xx — lexical
  notText: "E0100",
  unexpectedCharacter: "E0101",
  singleEquals: "E0102",
  foreignOperator: "E0103",
  unterminatedString: "E0104",
  badEscape: "E0105",
  controlCharacter: "E0106",
  malformedNumber: "E0107",
  singleQuotedString: "E0108",
  // E02xx — syntax
  unexpectedToken: "E0201",
  unexpectedEnd: "E0202",
  // E03xx — static rules (spec §3, §4.1, §4.3)
  missingClause: "E0301",
  duplicateClause: "E0302",
  priorityFraction: "E0303",
  priorityRange: "E0304",
  actionMembers: "E0305",
  duplicatePolicy: "E0306",
  duplicateRole: "E0307",
  roleCycle: "E0308",
  actionInterpolation: "E0309",
  malformedInterpolation: "E0310",
  invalidGlob: "E0311",
  // E04xx — limits
  sourceTooLarge: "E0401",
  stringTooLong: "E0402",
  nestingTooDeep: "E0403",
  globTooLong: "E0404",
  tooManyGlobstars: "E0405",
  tooManyAlternatives: "E0406",
  tooManyErrors: "E0499",
} as const);

export type Code = (typeof CODES)[keyof typeof CODES];
