// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written literally.
/**
 * fast-check arbitraries over *valid* ASTs: every construct of the language, names and
 * strings with unicode, escapes and quotes, numbers of every magnitude, expressions nested
 * a few levels deep. Valid means: `parse(printSourceFile(ast))` reports no diagnostics.
 * Spans are a fixed synthetic span; compare trees with `stripSpans`.
 */
import fc from "fast-check";
import type {
  CompareOp,
  Condition,
  Declaration,
  Expr,
  ListExpr,
  LiteralExpr,
  LiteralValue,
  Name,
  PathExpr,
  Pattern,
  PatternTarget,
  Policy,
  RoleDecl,
  SourceFile,
  SubjectAlternative,
  SubjectTarget,
} from "../../src/model/ast.js";
import type { Span } from "../../src/model/span.js";
import { splitTemplate } from "../../src/model/template.js";

export { stripSpans } from "../../src/syntax/strip-spans.js";

export const SPAN: Span = Object.freeze({
  start: Object.freeze({ offset: 0, line: 1, column: 1 }),
  end: Object.freeze({ offset: 0, line: 1, column: 1 }),
});

const KEYWORD_WORDS = [
  "policy",
  "role",
  "includes",
  "allow",
  "deny",
  "priority",
  "subject",
  "user",
  "group",
  "action",
  "resource",
  "when",
  "unless",
  "and",
  "or",
  "not",
  "in",
  "contains",
  "matches",
  "has",
  "true",
  "false",
  "null",
  "env",
];

/** Identifier-shaped words (keywords included: they must print quoted as names). */
export const wordArb: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
  fc.constantFrom(...KEYWORD_WORDS),
);

const TRICKY = [
  "",
  " ",
  "a b",
  "a-b",
  "0abc",
  "_",
  "é",
  "日本語",
  "🎉",
  '"',
  "'",
  "\\",
  "\\n",
  "\n",
  "\r\n",
  "\t",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u2028",
  "\u2029",
  "\ufeff",
  // Invisible and bidirectional characters, which the printer writes as escapes.
  "admin\u200b",
  "x\u202ey",
  "\u2066a\u2069",
  "a\u00adb",
  "\u0085\u009b",
  "ok\ufe0f",
  "tag\u{e0041}",
  "${subject.id}",
  "${",
  "#not a comment",
  "// nor this",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
];

const loneSurrogateArb = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => `x${String.fromCharCode(c)}`);

/** Any string: words, tricky constants, unicode, control characters, lone surrogates. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: wordArb },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
  { weight: 1, arbitrary: loneSurrogateArb },
);

export const nameArb: fc.Arbitrary<Name> = textArb.map((value) => ({ kind: "Name", value, span: SPAN }));

const GLOB_PIECES = [
  "*",
  "**",
  "?",
  "/",
  "[a-z]",
  "[!0-9]",
  "{a,b}",
  "{x,y,z}",
  "tool:",
  "resource:file:///",
  "prompt:",
  "read_",
  ".",
  "..",
  "\\*",
  "$",
  "{",
  "}",
  ",",
  "é",
  '"',
  "日",
  " ",
];

const globArbs = new Map<boolean, fc.Arbitrary<string>>();

/** Glob strings within the glob limits; `${subject.…}` only where interpolation is allowed. Built once per flag. */
function globArb(interpolation: boolean): fc.Arbitrary<string> {
  const cached = globArbs.get(interpolation);
  if (cached !== undefined) return cached;
  const pieces: fc.Arbitrary<string>[] = [
    fc.constantFrom(...GLOB_PIECES),
    fc.stringMatching(/^[a-z0-9_:.-]{1,6}$/),
  ];
  if (interpolation) pieces.push(fc.constantFrom("${subject.id}", "${subject.org.id}", "${subject.tenant_1}"));
  const arb = fc
    .array(fc.oneof(...pieces), { minLength: 0, maxLength: 6 })
    .map((parts) => parts.join(""))
    .filter((glob) => (glob.match(/\*/g)?.length ?? 0) <= 8)
    .filter((glob) => (interpolation ? splitTemplate(glob).ok : !glob.includes("${")));
  globArbs.set(interpolation, arb);
  return arb;
}

const patternArb = (interpolation: boolean): fc.Arbitrary<Pattern> =>
  globArb(interpolation).map((value) => ({ kind: "Pattern", value, span: SPAN }));

export const patternTargetArb = (interpolation: boolean): fc.Arbitrary<PatternTarget> =>
  fc.oneof(
    fc.constant<PatternTarget>({ kind: "AnyPattern", span: SPAN }),
    fc
      .array(patternArb(interpolation), { minLength: 1, maxLength: 3 })
      .map((patterns): PatternTarget => ({ kind: "PatternList", patterns, span: SPAN })),
  );

const alternativeArb: fc.Arbitrary<SubjectAlternative> = fc.record({
  kind: fc.constant("SubjectAlternative" as const),
  attribute: fc.constantFrom("user" as const, "role" as const, "group" as const),
  names: fc.array(nameArb, { minLength: 1, maxLength: 3 }),
  span: fc.constant(SPAN),
});

export const subjectArb: fc.Arbitrary<SubjectTarget> = fc.oneof(
  fc.constant<SubjectTarget>({ kind: "AnySubject", span: SPAN }),
  fc
    .array(alternativeArb, { minLength: 1, maxLength: 3 })
    .map((alternatives): SubjectTarget => ({ kind: "SubjectMatchers", alternatives, span: SPAN })),
);

/** Finite numbers of every magnitude: integers, decimals, tiny, huge, `-0`. */
export const numberArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0.5, -1.25, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MAX_SAFE_INTEGER, 123456789.125),
);

const literalValueArb: fc.Arbitrary<LiteralValue> = fc.oneof(
  { weight: 3, arbitrary: textArb },
  { weight: 3, arbitrary: numberArb },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

export const literalArb: fc.Arbitrary<LiteralExpr> = literalValueArb.map((value) => ({ kind: "Literal", value, span: SPAN }));

const listArb: fc.Arbitrary<ListExpr> = fc
  .array(literalArb, { maxLength: 4 })
  .map((items) => ({ kind: "List", items, span: SPAN }));

const memberArb: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: wordArb }, { weight: 1, arbitrary: textArb });

export const pathArb: fc.Arbitrary<PathExpr> = fc.oneof(
  fc.record({
    kind: fc.constant("Path" as const),
    root: fc.constantFrom("subject" as const, "resource" as const, "env" as const),
    members: fc.array(memberArb, { maxLength: 3 }),
    span: fc.constant(SPAN),
  }),
  fc.constant<PathExpr>({ kind: "Path", root: "action", members: [], span: SPAN }),
);

const leafArb: fc.Arbitrary<Expr> = fc.oneof(literalArb, listArb, pathArb);

const COMPARE_OPS: CompareOp[] = ["==", "!=", "<", "<=", ">", ">="];

const exprByDepth: fc.Arbitrary<Expr>[] = [];

/** Expressions nested at most `depth` levels (every node kind at every level). */
export function exprArb(depth = 6): fc.Arbitrary<Expr> {
  const cached = exprByDepth[depth];
  if (cached !== undefined) return cached;
  if (depth <= 0) return leafArb;
  const sub = exprArb(depth - 1);
  const operands = fc.array(sub, { minLength: 2, maxLength: 3 });
  const arb: fc.Arbitrary<Expr> = fc.oneof(
    { weight: 4, arbitrary: leafArb },
    { weight: 1, arbitrary: sub.map((operand): Expr => ({ kind: "Not", operand, span: SPAN })) },
    { weight: 1, arbitrary: operands.map((ops): Expr => ({ kind: "And", operands: ops, span: SPAN })) },
    { weight: 1, arbitrary: operands.map((ops): Expr => ({ kind: "Or", operands: ops, span: SPAN })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...COMPARE_OPS), sub, sub)
        .map(([op, left, right]): Expr => ({ kind: "Compare", op, left, right, span: SPAN })),
    },
    { weight: 1, arbitrary: fc.tuple(sub, sub).map(([left, right]): Expr => ({ kind: "In", left, right, span: SPAN })) },
    {
      weight: 1,
      arbitrary: fc.tuple(sub, sub).map(([left, right]): Expr => ({ kind: "Contains", left, right, span: SPAN })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(sub, patternArb(true))
        .map(([left, pattern]): Expr => ({ kind: "Matches", left, pattern, span: SPAN })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(sub, memberArb).map(([left, member]): Expr => ({ kind: "Has", left, member, span: SPAN })),
    },
  );
  exprByDepth[depth] = arb;
  return arb;
}

const conditionArb: fc.Arbitrary<Condition> = fc.record({
  kind: fc.constant("Condition" as const),
  mode: fc.constantFrom("when" as const, "unless" as const),
  expr: exprArb(),
  span: fc.constant(SPAN),
});

const priorityArb: fc.Arbitrary<number> = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -100, max: 100 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
);

const policyBodyArb = fc.record({
  effect: fc.constantFrom("allow" as const, "deny" as const),
  priority: priorityArb,
  subject: subjectArb,
  action: patternTargetArb(false),
  resource: patternTargetArb(true),
  conditions: fc.array(conditionArb, { maxLength: 3 }),
});

export const policyArb = (name: Name): fc.Arbitrary<Policy> =>
  policyBodyArb.map((body): Policy => ({ kind: "Policy", name, ...body, span: SPAN }));

/** Roles with unique names whose `includes` only point backwards or outside: acyclic. */
const rolesArb: fc.Arbitrary<RoleDecl[]> = fc
  .uniqueArray(nameArb, { maxLength: 4, selector: (n) => n.value })
  .chain((names) =>
    fc.tuple(
      ...names.map((name, i) =>
        fc
          .array(fc.oneof(nameArb, ...(i > 0 ? [fc.constantFrom(...names.slice(0, i))] : [])), { maxLength: 3 })
          .map((includes): RoleDecl => ({ kind: "RoleDecl", name, includes, span: SPAN })),
      ),
    ),
  )
  .filter((roles) => {
    // An include naming a role declared later could close a cycle; keep only backward edges.
    const declared = new Map(roles.map((r, i) => [r.name.value, i] as const));
    return roles.every((r, i) => r.includes.every((n) => (declared.get(n.value) ?? -1) < i));
  });

const policiesArb: fc.Arbitrary<Policy[]> = fc
  .uniqueArray(nameArb, { maxLength: 4, selector: (n) => n.value })
  .chain((names) => (names.length === 0 ? fc.constant([]) : fc.tuple(...names.map((n) => policyArb(n)))));

/** A whole valid source: roles and policies interleaved in any order. */
export const sourceFileArb: fc.Arbitrary<SourceFile> = fc
  .tuple(rolesArb, policiesArb)
  .chain(([roles, policies]) => {
    const all: Declaration[] = [...roles, ...policies];
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  })
  .map((declarations): SourceFile => ({ kind: "SourceFile", name: "generated.mcpolicy", declarations, span: SPAN }));
