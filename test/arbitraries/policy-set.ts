// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * fast-check arbitraries producing policy-set *source text* that is semantically
 * interesting: a small shared vocabulary (see ./request.ts for the requests drawn from
 * it) so that targets often match, every construct of the language, and paths that are
 * sometimes missing or of the wrong type.
 */
import fc from "fast-check";

/** The vocabulary that policies and requests share. */
export const VOCABULARY = Object.freeze({
  users: ["alice", "bob", "carol", "*"],
  roles: ["admin", "editor", "viewer", "guest", "auditor"],
  groups: ["eng", "ops", "oncall"],
  actions: ["tools/call", "tools/list", "resources/read", "prompts/get"],
  resources: [
    "tool:read_file",
    "tool:write_file",
    "tool:execute_shell",
    "tool:a/b",
    "tool:a/b/c",
    "file:/home/alice/notes.txt",
    "file:/home/bob/x",
    "file:/home/alice/../bob/x",
    "file:/home/*/x",
    "file:/home/{alice,bob}/x",
    "file:/public/readme",
    "org:acme/doc",
    "org:globex/doc",
    "doc:1",
  ],
  paths: [
    "/home/alice/notes.txt",
    "/home/bob/x",
    "/home/alice/../etc",
    "/tmp/x",
    "/home/alice",
    "/home//alice/x",
    "/home/*/x",
  ],
});

/**
 * Suffixes that the interpolation, brace and many-star patterns below are about
 * (requests use them as `id:…` resources and as `env.arguments.path`, less often).
 */
export const TRICKY_TEXTS = Object.freeze([
  "x$a",
  "x$b",
  "x$",
  "a",
  "x\ny",
  "a*",
  "a\\*",
  "p,q",
  "{b,c}",
  "a..b",
  "a".repeat(30),
  `${"a".repeat(30)}b`,
]);

const ACTION_PATTERNS = [
  "tools/call",
  "tools/list",
  "tools/*",
  "*",
  "**",
  "tools/{call,list}",
  "tools/?all",
  "resources/**",
  "prompts/get",
  "tools/call/x",
  "[tr]*/*",
];
const RESOURCE_PATTERNS = [
  "tool:read_file",
  "tool:write_file",
  "tool:*",
  "tool:read_*",
  "tool:**",
  "tool:a/*",
  "tool:a/**",
  "tool:[rw]*",
  "tool:{read,write}_file",
  "tool:?ead_file",
  "*",
  "file:/home/${subject.id}/**",
  "file:/home/${subject.id}/x",
  "file:/home/*/x",
  "file:/home/**",
  "file:/public/**",
  "org:${subject.org.id}/*",
  "org:acme/*",
  "doc:*",
  "doc:${subject.level}",
];
/** Patterns about `id:` + TRICKY_TEXTS, drawn less often so ordinary targets still match. */
const TRICKY_RESOURCE_PATTERNS = [
  // The value stays literal: after `\`, before and inside braces, between stars.
  "id:${subject.id}{a,b}",
  "id:{a,${subject.id}}",
  "id:a\\${subject.id}",
  "id:*${subject.id}*",
  // Many stars backtrack in a regex engine; POSIX classes and escapes go through minimatch's parser.
  "id:*a*a*a*a*a*b",
  "id:{*a,*b}{*a,*b}*c",
  "id:[[:alpha:]]*",
  "id:\\**",
];
/** `matches` globs about TRICKY_TEXTS (interpolation beside braces and escapes, many stars). */
const TRICKY_MATCH_GLOBS = ["${subject.id}{a,b}", "{a,${subject.id}}", "a\\${subject.id}", "*a*a*a*a*a*b"];
const MATCH_GLOBS = [
  "/home/${subject.id}/**",
  "/home/*/*",
  "/home/**",
  "/tmp/*",
  "*",
  "**",
  "/home/{alice,bob}/**",
  "/home/?????/*",
  "${subject.org.id}",
  "/home/${subject.org.id}/*",
];

const SUBJECT_PATHS = [
  "subject.id",
  "subject.roles",
  "subject.groups",
  "subject.org",
  "subject.org.id",
  "subject.org.tier",
  "subject.level",
  "subject.dept",
  "subject.tags",
  "subject.missing",
  'subject["org"].id',
  "subject.org.missing.deeper",
];
const RESOURCE_PATHS = [
  "resource.id",
  "resource.owner",
  "resource.kind",
  "resource.tags",
  "resource.missing",
  "resource.size",
];
const ENV_PATHS = [
  "env.hour",
  "env.flag",
  "env.n",
  "env.arguments",
  "env.arguments.path",
  "env.tags",
  "env.missing",
  "env.nested.a.b",
  'env["arguments"]["path"]',
  "env.user",
  "env.__proto__",
];
const ALL_PATHS = [...SUBJECT_PATHS, ...RESOURCE_PATHS, ...ENV_PATHS, "action"];
const STRINGS = [
  "alice",
  "bob",
  "eng",
  "oncall",
  "x",
  "",
  "acme",
  "gold",
  "tools/call",
  "tool:read_file",
  "/home/alice/notes.txt",
  "5",
  "a/b",
  "*",
];
const NUMBERS = ["0", "1", "-1", "5", "8", "18", "2.5", "-0", "100"];
const MEMBERS = [
  "id",
  "roles",
  "org",
  "path",
  "a",
  "tier",
  "missing",
  "constructor",
  "__proto__",
  "user",
  "when",
  '"a b"',
];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

/**
 * Values that ./request.ts gives these paths (kept in step with it by hand): an ordering
 * comparison of a path with one of them is often at equality, where `<` and `<=` (`>` and
 * `>=`) part — also when it is nested in `not`, `and`, `or` (a whole condition that is one
 * comparison takes another code path in the engine).
 */
const REQUEST_VALUES: readonly (readonly [string, readonly unknown[]])[] = [
  ["env.hour", [3, 10, 20, 8, 18, "10", 2.5, -1]],
  ["env.n", [0, 1, 5, -0, "5"]],
  ["env.flag", [true, false, "true"]],
  ["env.user", ["alice", 1]],
  ["env.arguments.path", VOCABULARY.paths],
  ["subject.level", [0, 1, 3, 5, "3", -1]],
  ["subject.dept", ["eng", "ops", 7]],
  ["subject.id", [...VOCABULARY.users, "", 5, 1.5]],
  ["subject.org.id", ["acme", "globex", "*", "a/b", 5, ""]],
  ["subject.org.tier", ["gold", "silver", 1]],
  ["resource.id", VOCABULARY.resources],
  ["resource.owner", [...VOCABULARY.users, 5]],
  ["resource.kind", ["file", "tool"]],
  ["resource.size", [0, 10, "10"]],
  ["action", VOCABULARY.actions],
];

/** `path OP value` or `value OP path` (OP an ordering), with a value the requests give that path. */
const atRequestValueArbitrary: fc.Arbitrary<string> = fc
  .constantFrom(...REQUEST_VALUES)
  .chain(([path, values]) =>
    fc.tuple(
      fc.constant(path),
      fc.constantFrom(...values).map((v) => (Object.is(v, -0) ? "-0" : JSON.stringify(v))),
      fc.constantFrom("<", "<=", ">", ">="),
      fc.boolean(),
    ),
  )
  .map(([path, literal, op, swap]) => (swap ? `${literal} ${op} ${path}` : `${path} ${op} ${literal}`));

const stringLiteral = pick(STRINGS).map((s) => JSON.stringify(s));
export const literalArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: stringLiteral },
  { weight: 3, arbitrary: pick(NUMBERS) },
  { weight: 1, arbitrary: pick(["true", "false", "null"]) },
);
const listArbitrary = fc.array(literalArbitrary, { maxLength: 4 }).map((items) => `[${items.join(", ")}]`);
const pathArbitrary = pick(ALL_PATHS);
const operandArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: pathArbitrary },
  { weight: 3, arbitrary: literalArbitrary },
  { weight: 1, arbitrary: listArbitrary },
);

/** `p matches "a" or p matches "b" …` (or `and`) on one path: the compiler fuses this shape. */
const sameTextGlobsArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: pathArbitrary }, { weight: 1, arbitrary: stringLiteral }),
    fc.array(fc.oneof({ weight: 6, arbitrary: pick(MATCH_GLOBS) }, { weight: 1, arbitrary: pick(TRICKY_MATCH_GLOBS) }), {
      minLength: 2,
      maxLength: 4,
    }),
    pick([" or ", " and "]),
  )
  .map(([path, globs, joiner]) => globs.map((g) => `${path} matches ${JSON.stringify(g)}`).join(joiner));

/** A single test: comparison, in, contains, matches (alone or a chain on one path), has, or a bare operand (maybe not boolean). */
const testArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(operandArbitrary, pick(["==", "!=", "<", "<=", ">", ">="]), operandArbitrary)
    .map(([a, op, b]) => `${a} ${op} ${b}`),
  // An ordering comparison at a value the requests give (often at equality).
  atRequestValueArbitrary,
  fc.tuple(operandArbitrary, fc.oneof(listArbitrary, pathArbitrary)).map(([a, b]) => `${a} in ${b}`),
  fc
    .tuple(fc.oneof(pathArbitrary, listArbitrary, stringLiteral), operandArbitrary)
    .map(([a, b]) => `${a} contains ${b}`),
  fc
    .tuple(
      fc.oneof({ weight: 4, arbitrary: pathArbitrary }, { weight: 1, arbitrary: stringLiteral }),
      fc.oneof({ weight: 6, arbitrary: pick(MATCH_GLOBS) }, { weight: 1, arbitrary: pick(TRICKY_MATCH_GLOBS) }),
    )
    .map(([a, g]) => `${a} matches ${JSON.stringify(g)}`),
  fc
    .tuple(fc.oneof(pathArbitrary, pick(["subject", "resource", "env"])), pick(MEMBERS))
    .map(([a, m]) => `${a} has ${m}`),
  { weight: 1, arbitrary: pick(["true", "false", "env.flag", "subject.admin", "1", "null"]) },
  // Parenthesized: it may stand beside other tests in a junction.
  { weight: 1, arbitrary: sameTextGlobsArbitrary.map((chain) => `(${chain})`) },
);

/** Boolean expressions with not/and/or and parentheses, nested a few levels. */
export const exprArbitrary: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: testArbitrary },
    { weight: 1, arbitrary: tie("expr").map((e) => `not (${e})`) },
    { weight: 1, arbitrary: tie("expr").map((e) => `not ${e.includes(" ") ? `(${e})` : e}`) },
    { weight: 2, arbitrary: fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `(${a}) and (${b})`) },
    { weight: 2, arbitrary: fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `(${a}) or (${b})`) },
    {
      weight: 1,
      arbitrary: fc.tuple(testArbitrary, testArbitrary, testArbitrary).map(([a, b, c]) => `${a} and ${b} or ${c}`),
    },
  ),
})).expr;

const subjectTarget: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant("*") },
  {
    weight: 5,
    arbitrary: fc
      .array(
        fc.oneof(
          fc
            .uniqueArray(pick(VOCABULARY.users), { minLength: 1, maxLength: 2 })
            .map((names) => `user ${names.map((n) => JSON.stringify(n)).join(", ")}`),
          fc
            .uniqueArray(pick(VOCABULARY.roles), { minLength: 1, maxLength: 2 })
            .map((names) => `role ${names.join(", ")}`),
          fc
            .uniqueArray(pick(VOCABULARY.groups), { minLength: 1, maxLength: 2 })
            .map((names) => `group ${names.join(", ")}`),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((alternatives) => alternatives.join(" or ")),
  },
);

function patternTarget(patterns: readonly string[], tricky: readonly string[] = []): fc.Arbitrary<string> {
  const list = (from: readonly string[]) =>
    fc
      .uniqueArray(pick(from), { minLength: 1, maxLength: 3 })
      .map((chosen) => chosen.map((p) => JSON.stringify(p)).join(", "));
  // A tricky pattern joins an ordinary list (so ordinary requests still match it).
  const withTricky =
    tricky.length === 0
      ? list(patterns)
      : fc
          .tuple(list(patterns), fc.option(pick(tricky), { freq: 3, nil: null }))
          .map(([plain, extra]) => (extra === null ? plain : `${plain}, ${JSON.stringify(extra)}`));
  return fc.oneof({ weight: 1, arbitrary: fc.constant("*") }, { weight: 4, arbitrary: withTricky });
}

export interface GeneratedPolicy {
  readonly effect: "allow" | "deny";
  readonly priority: string | undefined;
  readonly subject: string;
  readonly action: string;
  readonly resource: string;
  readonly conditions: readonly (readonly ["when" | "unless", string])[];
}

export const policyArbitrary: fc.Arbitrary<GeneratedPolicy> = fc.record({
  effect: fc.oneof(
    { weight: 3, arbitrary: fc.constant("allow" as const) },
    { weight: 2, arbitrary: fc.constant("deny" as const) },
  ),
  priority: fc.option(pick(["-1", "0", "1", "5"]), { nil: undefined }),
  subject: subjectTarget,
  // Sometimes literal actions only: a set whose actions are all literal skips classifying a
  // never-seen resource when no policy has the action (or it minus one trailing `/`).
  action: fc.oneof(
    { weight: 4, arbitrary: patternTarget(ACTION_PATTERNS) },
    {
      weight: 1,
      arbitrary: fc
        .uniqueArray(pick(VOCABULARY.actions), { minLength: 1, maxLength: 2 })
        .map((actions) => actions.map((a) => JSON.stringify(a)).join(", ")),
    },
  ),
  resource: patternTarget(RESOURCE_PATTERNS, TRICKY_RESOURCE_PATTERNS),
  conditions: fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    {
      weight: 4,
      arbitrary: fc.array(fc.tuple(pick(["when", "unless"] as const), exprArbitrary), { minLength: 1, maxLength: 1 }),
    },
    {
      weight: 2,
      arbitrary: fc.array(fc.tuple(pick(["when", "unless"] as const), exprArbitrary), { minLength: 2, maxLength: 3 }),
    },
  ),
});

export function policyText(name: string, p: GeneratedPolicy, quoted: boolean): string {
  return [
    `policy ${quoted ? JSON.stringify(name) : name} {`,
    `  ${p.effect}`,
    ...(p.priority !== undefined ? [`  priority ${p.priority}`] : []),
    `  subject ${p.subject}`,
    `  action ${p.action}`,
    `  resource ${p.resource}`,
    ...p.conditions.map(([mode, e]) => `  ${mode} ${e}`),
    "}",
  ].join("\n");
}

/** A random acyclic includes graph: a role may include only roles after it in the list. */
export const rolesArbitrary: fc.Arbitrary<string[]> = fc
  .array(fc.array(fc.boolean(), { minLength: VOCABULARY.roles.length, maxLength: VOCABULARY.roles.length }), {
    minLength: VOCABULARY.roles.length,
    maxLength: VOCABULARY.roles.length,
  })
  .chain((matrix) => fc.shuffledSubarray(VOCABULARY.roles.map((_, i) => i)).map((declared) => ({ matrix, declared })))
  .map(({ matrix, declared }) =>
    declared.map((i) => {
      const role = VOCABULARY.roles[i] as string;
      const includes = VOCABULARY.roles.filter((_, j) => j > i && matrix[i]?.[j] === true);
      return includes.length > 0 ? `role ${role} includes ${includes.join(", ")}` : `role ${role}`;
    }),
  );

export interface GeneratedSet {
  readonly sources: readonly { readonly name: string; readonly text: string }[];
  readonly policyCount: number;
}

/** Policy sets of 1–8 policies and some role declarations, spread over 1–3 sources. */
export const policySetArbitrary: fc.Arbitrary<GeneratedSet> = fc
  .record({
    policies: fc.array(fc.tuple(policyArbitrary, fc.boolean()), { minLength: 1, maxLength: 8 }),
    roles: rolesArbitrary,
    sourceCount: fc.integer({ min: 1, max: 3 }),
    placement: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
  })
  .map(({ policies, roles, sourceCount, placement }) => {
    const declarations = [...policies.map(([p, quoted], i) => policyText(`p${i}`, p, quoted)), ...roles];
    const texts: string[][] = Array.from({ length: sourceCount }, () => []);
    declarations.forEach((d, i) => {
      texts[(placement[i % placement.length] ?? 0) % sourceCount]?.push(d);
    });
    return {
      sources: texts.map((t, i) => ({ name: `s${i}.mcpolicy`, text: `${t.join("\n\n")}\n` })),
      policyCount: policies.length,
    };
  });
