// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
/**
 * Seeded generators for the clean-room differential (test/oracle/differential.test.ts):
 * policy-set TEXT (every construct, odd lexical forms, deliberate defects) and requests
 * (well-formed and malformed), ported from gen.mjs; and the glob patterns and strings of
 * globfuzz.mjs. Like spec-oracle.ts, written from the spec (LANGUAGE.md) without looking at
 * mcpolicy's src/, and imports nothing from it. The logic and the value pools are those of
 * the .mjs files: the same seed gives the same texts and requests.
 *
 * Guard against catastrophic minimatch regexes (`*a*a*a*…b` against a long input backtracks
 * polynomially in the input length): as in the original fuzz, patterns come from fixed pools
 * or are at most GLOB_MAX_TOKENS short tokens, and the strings matched are at most a few
 * tokens long (GLOB_MAX_TOKENS tokens, or `derive` of such a pattern), never long inputs.
 * assertGlobCaseBounded checks that bound on each glob case.
 */

export interface Rng {
  f: () => number;
  int: (n: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(arr: readonly T[]) => T;
  /** pick from a possibly empty array: undefined when empty (same random draw as pick) */
  pickMaybe: <T>(arr: readonly T[]) => T | undefined;
  some: <T>(arr: readonly T[], max?: number) => T[];
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pickMaybe = <T>(arr: readonly T[]): T | undefined => arr[Math.floor(next() * arr.length)];
  return {
    f: next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pickMaybe,
    pick: <T>(arr: readonly T[]): T => {
      const v = pickMaybe(arr);
      if (v === undefined && !arr.includes(undefined as T)) throw new Error("pick from an empty array");
      return v as T;
    },
    some: <T>(arr: readonly T[], max = 3): T[] => {
      const k = 1 + Math.floor(next() * max);
      const o: T[] = [];
      for (let i = 0; i < k; i++) o.push(arr[Math.floor(next() * arr.length)] as T);
      return o;
    },
  };
}

const USERS = ["alice", "bob", "carol", "*", "{alice,bob}", "a.b", "x/y", "..", "ünï", "policy", ""];
const ROLES = ["viewer", "editor", "admin", "suspended", "ops", "a-b"];
const GROUPS = ["oncall", "ops", "staff", "*"];
const ACTIONS = ["tools/call", "tools/list", "resources/read", "a/b/c", "a//b", "x", "", ".", "a/./b", "a/../b", "tools/.hidden", "T", "{a,b}", "*"];
const RES_IDS = ["tool:read_file", "tool:write_file", "tool:x", "/home/bob/a.md", "/home/alice/.ssh/id", "/home/bob//x", "a/.b/c", "a/../b", "", "tööl:ü", "tool:{a,b}", "tool:*", "home/1/x", "/home/*/a", "/home/{alice,bob}/a", "a,b", "💥/x", ".env", "x.pem", "tool:bob", "tool:alice"];
const ACTION_PATS = ["tools/call", "tools/*", "**", "*", "tools/{call,list}", "t?ols/call", "[a-t]ools/**", "**/call", "a/*/c", "a/**/c", "a//b", "a/**", "", ".", "a/./b", "a/../b", "tools/.*", "tools/*hidden", "!x", "#x", "x", "[!t]*", "{a,b}", "\\{a,b\\}", "\\*", "*/*", "*/**", "**/*", "a/{b,c}/**", "{x,tools/call}", "tools/{1..3}", "tool[s]/call", "T", "[[:upper:]]", "a\\/b", "+(a)", "@(x)", "?"];
const RES_PATS = ["tool:read_*", "tool:*", "tool:write_file", "tool:{read,write}_file", "/home/**", "/home/*/a.md", "/home/*/*", "**/.ssh/**", "**/.env", "**/*.pem", "**", "*", "a/*/c", "a/**/c", "a/.b/*", "a/**", "/home/bob//*", "/home/bob/*/x", "tööl:*", "tool:\\{a,b\\}", "tool:\\*", "tool:[*]", "", "a,b", "{a,b}", "💥/*", "?????", "tool:?", "home/1/*", "/home/\\*/a",
  "tool:${subject.id}", "tool:${subject.id}*", "/home/${subject.id}/**", "/home/${subject.id}/a.md", "{tool:${subject.id},x}", "${subject.org.id}/**", "home/${subject.level}/*", "${subject.id}", "tool:${subject.dept}", "/home/${subject.id}/*", "**/${subject.id}", "tool:${subject.user}"];
const MATCH_PATS = ["/home/**", "/home/${subject.id}/**", "**/.ssh/**", "*.md", "**/*.md", "a*", "*", "**", "", "?", "[0-9]*", "{a,b}*", "/home/*/a.md", "${subject.id}", "x${subject.level}", "${subject.org.id}*", "/home/\\*/**", ".*", "**/..", "*/.."];
const BAD_INTERP = ["${subject}", "${env.x}", "${subject.}", "${ subject.id}", "${subject.a b}", "${subject.id", "${resource.id}", "${subject.1}", "x${y}", "${}", "${subject..id}", "${subject[\"id\"]}"];

const PATHS = ["subject.id", "subject.roles", "subject.groups", "subject.dept", "subject.level", "subject.org.id", "subject.org", "subject[\"a b\"]", "subject.constructor", "subject[\"__proto__\"]", "subject.toString", "subject.roles.length", "subject.roles[\"0\"]", "subject.user", "subject.tags", "subject.meta.x.y",
  "resource.id", "resource.owner", "resource.tags", "resource.meta.level", "resource.meta", "resource.action", "resource",
  "action", "env.hour", "env.arguments.path", "env.flag", "env.list", "env.user", "env.obj", "env.arr", "env", "subject", "env.s", "env.n", "env.not", "env[\"x.y\"]", "env.arguments", "env.hasOwnProperty"];
const STRLITS = ["alice", "bob", "editor", "viewer", "oncall", "x", "", "1", "/home/bob/a.md", "tool:read_file", "tools/call", "a b", "ü", "é", "e\u0301", "💥", "A", "a", "abc", "b", "id", "null", "true", "\"q\"", "back\\slash", "tab\t", "line\nbreak", "${subject.id}", "$x", "/"];
const NUMLITS = ["0", "1", "-1", "8", "18", "0.5", "-0", "1.0", "12.25", "100", "9007199254740993", "-0.0", "3", "2"];
const MEMBERS = ["dept", "id", "org", "user", "x", "a b", "roles", "constructor", "__proto__", "level", "path", "not", "and", "length", "hour"];

function encodeString(R: Rng, s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += R.chance(0.5) ? '\\"' : "\\u0022";
    else if (ch === "\\") out += "\\\\";
    else if (c < 0x20)
      out += R.pick([
        `\\u${c.toString(16).padStart(4, "0")}`,
        ch === "\n" ? "\\n" : ch === "\t" ? "\\t" : `\\u${c.toString(16).padStart(4, "0").toUpperCase()}`,
      ]);
    else if (ch === "/" && R.chance(0.3)) out += "\\/";
    else if (c > 0xffff && R.chance(0.3)) {
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
    } else if (R.chance(0.05)) {
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

// token helpers: {k:'w'|'n'|'s'|'p', t:text}
interface GTok {
  k: "w" | "n" | "s" | "p";
  t: string;
}
const W = (t: string): GTok => ({ k: "w", t });
const P = (t: string): GTok => ({ k: "p", t });
const N = (t: string): GTok => ({ k: "n", t });

const KW = new Set(
  (
    "policy role includes allow deny priority subject user group action resource " +
    "when unless and or not in contains matches has true false null env"
  ).split(" "),
);

export interface GeneratedText {
  text: string;
  defects: string[];
}

export function genPolicySet(R: Rng, opts: { bad?: boolean } = {}): GeneratedText {
  const toks: GTok[] = [];
  const S = (s: string): GTok => ({ k: "s", t: encodeString(R, s) });
  const nameTok = (nm: string): GTok =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(nm) && !KW.has(nm) && R.chance(0.7) ? W(nm) : S(nm);
  const bad = opts.bad ?? R.chance(0.25);
  const defects = bad
    ? R.some(
        ["missingClause", "dupClause", "dupName", "actionMember", "actionInterp", "badInterp", "fracPriority", "hugePriority", "roleCycle", "roleDup", "deepNest", "okNest", "badToken", "twoEffects", "kwName", "numList", "nestedList", "chainCmp", "hasNumber", "matchesPath", "listExpr", "manyGlobstar", "bigBrace", "longGlob", "starQuotedSubject"],
        2,
      )
    : [];
  const has = (d: string): boolean => defects.includes(d);
  // roles
  const nRoles = R.int(4);
  const declared: string[] = [];
  for (let i = 0; i < nRoles; i++) {
    const r = R.pickMaybe(ROLES.filter((x) => !declared.includes(x)));
    if (r === undefined) break;
    declared.push(r);
  }
  if (has("roleDup") && declared.length) declared.push(declared[0] as string);
  const roleIncl: string[][] = declared.map((r) => {
    const inc: string[] = [];
    const later = ROLES.filter((x) => ROLES.indexOf(x) > ROLES.indexOf(r));
    if (later.length && R.chance(0.6)) inc.push(...R.some(later, 2));
    return inc;
  });
  const incl0 = roleIncl[0];
  if (has("roleCycle") && declared.length && incl0) {
    const r0 = declared[0] as string;
    const earlier = ROLES.filter((x) => ROLES.indexOf(x) < ROLES.indexOf(r0));
    if (earlier.length || R.chance(0.5)) {
      // make r0's descendant include r0: simplest self or via later role
      if (R.chance(0.5)) incl0.push(r0);
      else {
        const x = ROLES[ROLES.length - 1] as string;
        incl0.push(x);
        declared.push(x);
        roleIncl.push([r0]);
      }
    } else incl0.push(r0);
  }
  const roleDecls = declared.map((r, i) => {
    const t = [W("role"), nameTok(r)];
    const inc = roleIncl[i] ?? [];
    if (inc.length) {
      t.push(W("includes"));
      inc.forEach((x, j) => {
        if (j) t.push(P(","));
        t.push(nameTok(x));
      });
    }
    return t;
  });
  const nPol = 1 + R.int(5);
  const pnames = ["p0", "p1", "p2", "read-tools", "admins", "p_5", "Policy", "deny-all", "ünï", ""];
  const polDecls: GTok[][] = [];
  const usedNames: string[] = [];
  for (let i = 0; i < nPol; i++) {
    let nm = R.pickMaybe(pnames.filter((x) => !usedNames.includes(x)));
    if (has("dupName") && i === nPol - 1 && usedNames.length) nm = usedNames[0];
    if (nm === undefined) nm = `q${i}`;
    usedNames.push(nm);
    polDecls.push(genPolicy(i, nm));
  }
  // interleave decls
  const all = [...roleDecls, ...polDecls];
  for (let i = all.length - 1; i > 0; i--) {
    if (R.chance(0.3)) {
      const j = R.int(i + 1);
      [all[i], all[j]] = [all[j] as GTok[], all[i] as GTok[]];
    }
  }
  // any order is fine: set order = text order
  for (const d of all) toks.push(...d);
  if (has("badToken")) {
    const pos = R.int(toks.length + 1);
    toks.splice(
      pos,
      0,
      R.pick([P("="), P("&&"), P("!"), P("@"), P(";"), W("allow"), P("}"), P("{"), N("01"), N("1."), P("- 1"), W("policy"), P("\u00a0"), P("\f"), P("/"), P("\u2028"), P("\ufeff"), N("1e5"), P("'x'"), W("deny"), P(")"), P("("), P(","), P("*"), W("or")]),
    );
  }
  let text = emit(R, toks);
  if (R.chance(0.05)) text = `\ufeff${text}`;
  if (R.chance(0.02)) text = "";
  return { text, defects };

  function genPolicy(ix: number, nm: string): GTok[] {
    const clauses: GTok[][] = [];
    const effect = R.chance(0.55) ? "allow" : "deny";
    clauses.push([W(effect)]);
    if (has("twoEffects") && ix === 0) clauses.push([W(R.pick(["allow", "deny"]))]);
    if (R.chance(0.5)) {
      let p = R.pick(["0", "1", "10", "-1", "5", "-5", "100", "1", "10", "-0"]);
      if (has("fracPriority") && ix === 0) p = R.pick(["1.5", "1.0", "0.0", "-2.5"]);
      if (has("hugePriority") && ix === 0)
        p = R.pick(["9007199254740991", "-9007199254740991", "9007199254740992", "-9007199254740992", "99999999999999999999"]);
      clauses.push([W("priority"), N(p)]);
    }
    // subject
    const subj = [W("subject")];
    if (has("starQuotedSubject") && ix === 0) subj.push(S("*"));
    else if (R.chance(0.3)) subj.push(P("*"));
    else {
      const nAlt = 1 + R.int(2);
      for (let a = 0; a < nAlt; a++) {
        if (a) subj.push(W("or"));
        const kind = R.pick(["user", "role", "role", "group"]);
        subj.push(W(kind));
        const pool = kind === "user" ? USERS : kind === "role" ? ROLES : GROUPS;
        R.some(pool, 2).forEach((x, j) => {
          if (j) subj.push(P(","));
          subj.push(nameTok(x));
        });
      }
    }
    clauses.push(subj);
    const act = [W("action")];
    if (R.chance(0.35)) act.push(P("*"));
    else {
      let pats = R.some([...ACTION_PATS, ...ACTIONS], 2);
      if (has("actionInterp") && ix === 0) pats = ["tools/${subject.id}"];
      if (has("manyGlobstar") && ix === 0)
        pats = [R.pick(["**/**/**/**/**/**/**/**/**", "**/**/**/**/**/**/**/**", "a***b/**/**/**/**", "****************", "***************"])];
      if (has("bigBrace") && ix === 0)
        pats = [
          R.pick([
            "{a,b,c,d,e,f,g,h,i,j}{a,b,c,d,e,f,g,h,i,j}{a,b,c,d,e,f,g,h,i,j}",
            "{a,b,c,d,e,f,g,h,i,j}{a,b,c,d,e,f,g,h,i,j}{a,b,c,d,e,f,g,h,i,j}{a,b}",
            "{1..1000}",
            "{1..1001}",
            "{a,b,c,d,e,f,g,h,i,j}{1..100}",
            "{a,b,c,d,e,f,g,h,i,j}{1..101}",
          ]),
        ];
      if (has("longGlob") && ix === 0) pats = ["a".repeat(R.pick([1023, 1024, 1025, 2000]))];
      pats.forEach((x, j) => {
        if (j) act.push(P(","));
        act.push(S(x));
      });
    }
    clauses.push(act);
    const res = [W("resource")];
    if (R.chance(0.3)) res.push(P("*"));
    else {
      let pats = R.some([...RES_PATS, ...RES_IDS], 3);
      if (has("badInterp") && ix === 0) pats = [R.pick(RES_PATS) + R.pick(BAD_INTERP)];
      pats.forEach((x, j) => {
        if (j) res.push(P(","));
        res.push(S(x));
      });
    }
    clauses.push(res);
    const nCond = R.chance(0.4) ? 0 : 1 + R.int(2);
    for (let c = 0; c < nCond; c++) {
      const ct = [W(R.chance(0.7) ? "when" : "unless")];
      ct.push(...genExpr(3, ix === 0));
      clauses.push(ct);
    }
    if (ix === 0 && (has("deepNest") || has("okNest"))) {
      const d = has("deepNest") ? 65 : 64;
      const mode = R.int(3);
      const ct = [W("when")];
      let opens = 0;
      for (let i = 0; i < d; i++) {
        if (mode === 0 || (mode === 2 && i % 2)) {
          ct.push(P("("));
          opens++;
        } else ct.push(W("not"));
      }
      ct.push(W(R.pick(["true", "false"])));
      for (let i = 0; i < opens; i++) ct.push(P(")"));
      clauses.push(ct);
    }
    if (has("missingClause") && ix === 0) clauses.splice(R.int(4), 1);
    if (has("dupClause") && ix === 0) {
      const c = R.pick(clauses.slice(0, 4));
      clauses.push(c);
    }
    for (let i = clauses.length - 1; i > 0; i--) {
      const j = R.int(i + 1);
      [clauses[i], clauses[j]] = [clauses[j] as GTok[], clauses[i] as GTok[]];
    }
    let nmTok = nameTok(nm);
    if (has("kwName") && ix === 0) nmTok = W(R.pick(["allow", "subject", "true", "env"]));
    return [W("policy"), nmTok, P("{"), ...clauses.flat(), P("}")];
  }

  function genLiteral(): GTok[] {
    const r = R.int(10);
    if (r < 4) return [S(R.pick(STRLITS))];
    if (r < 7) return [N(R.pick(NUMLITS))];
    return [W(R.pick(["true", "false", "null"]))];
  }
  function genList(): GTok[] {
    const t = [P("[")];
    const n = R.int(4);
    for (let i = 0; i < n; i++) {
      if (i) t.push(P(","));
      t.push(...genLiteral());
    }
    if (has("nestedList") && R.chance(0.3)) {
      if (n) t.push(P(","));
      t.push(P("["), P("]"));
    }
    t.push(P("]"));
    return t;
  }
  function genPath(first: boolean): GTok[] {
    let p = R.pick(PATHS);
    if (has("actionMember") && first && R.chance(0.3)) p = R.pick(["action.x", 'action["x"]', "action.length"]);
    // tokenize: roots and members
    const t: GTok[] = [];
    for (const m of p.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\.|\["([^"]*)"\]/g)) {
      if (m[0] === ".") t.push(P("."));
      else if (m[1] !== undefined) t.push(W(m[1]));
      else {
        t.push(P("["));
        t.push(S(m[2] ?? ""));
        t.push(P("]"));
      }
    }
    return t;
  }
  function genOperand(d: number, first: boolean): GTok[] {
    const r = R.int(10);
    if (r < 5) return genPath(first);
    if (r < 8) return genLiteral();
    if (r < 9) return genList();
    if (d <= 0) return genPath(first);
    return [P("("), ...genExpr(d - 1, first), P(")")];
  }
  function genTest(d: number, first: boolean): GTok[] {
    const l = genOperand(d, first);
    const r = R.int(14);
    if (r < 2) return l;
    if (r < 6) return [...l, P(R.pick(["==", "!=", "<", "<=", ">", ">="])), ...genOperand(d, first)];
    if (r < 8) return [...l, W("in"), ...(R.chance(0.7) ? genList() : genOperand(d, first))];
    if (r < 10) return [...l, W("contains"), ...genOperand(d, first)];
    if (r < 12) {
      if (has("matchesPath") && R.chance(0.3)) return [...l, W("matches"), ...genPath(first)];
      let g = R.pick(MATCH_PATS);
      if (has("badInterp") && first && R.chance(0.5)) g = g + R.pick(BAD_INTERP);
      return [...l, W("matches"), S(g)];
    }
    if (has("hasNumber") && R.chance(0.3)) return [...l, W("has"), N("0")];
    const m = R.pick(MEMBERS);
    const memTok = /^[A-Za-z_][A-Za-z0-9_]*$/.test(m) && R.chance(0.7) ? W(m) : S(m);
    return [...l, W("has"), memTok];
  }
  function genNot(d: number, first: boolean): GTok[] {
    if (R.chance(0.15)) return [W("not"), ...genNot(d, first)];
    const t = genTest(d, first);
    if (has("chainCmp") && first && R.chance(0.2)) return [...t, P("=="), ...genOperand(0, first)];
    return t;
  }
  function genAnd(d: number, first: boolean): GTok[] {
    const t = genNot(d, first);
    while (R.chance(0.25)) t.push(W("and"), ...genNot(d, first));
    return t;
  }
  function genExpr(d: number, first: boolean): GTok[] {
    const t = genAnd(d, first);
    while (R.chance(0.25)) t.push(W("or"), ...genAnd(d, first));
    if (has("listExpr") && first && R.chance(0.2)) return [P("["), ...t, P("]")];
    return t;
  }
}

function emit(R: Rng, toks: GTok[]): string {
  let out = "";
  let prev: GTok | null = null;
  const wordy = (k: GTok["k"]): boolean => k === "w" || k === "n";
  for (const tk of toks) {
    let sep: string;
    const need = prev && wordy(prev.k) && wordy(tk.k);
    const r = R.f();
    if (r < 0.03)
      sep = ` # comment ${R.pick(["", '"', "policy", "ü", "//", "{", "*/"])}${R.pick(["\n", "\r\n", "\r"])}`;
    else if (r < 0.05) sep = `// c ${R.pick(["", "#", "}"])}${R.pick(["\n", "\r\n", "\r"])}`;
    else if (r < 0.1) sep = R.pick(["\t", "\r\n", "\r", "\n\n", "  \t "]);
    else if (!need && r < 0.35) sep = "";
    else sep = R.chance(0.8) ? " " : "\n";
    if (!prev) sep = R.chance(0.1) ? sep : "";
    // avoid creating "//" or "/*" ambiguities: no "/" tokens exist besides bad ones
    if (prev?.t.endsWith("-")) sep = " ";
    out += sep + tk.t;
    prev = tk;
  }
  if (R.chance(0.05)) out += " # trailing comment without newline";
  else if (R.chance(0.5)) out += "\n";
  return out;
}

// ---------------------------------------------------------------- requests
export interface GeneratedRequest {
  subject: unknown;
  resource: unknown;
  action: unknown;
  env: unknown;
}

class ClassResource {
  id = "tool:x";
}
class ClassSubject {
  id = "alice";
}

export function genRequest(R: Rng): GeneratedRequest {
  const subject = genSubject(R);
  let resource: unknown;
  const rr = R.int(20);
  if (rr < 10) resource = R.pick(RES_IDS);
  else if (rr < 18) {
    const res: Record<string, unknown> = { id: R.pick(RES_IDS) };
    if (R.chance(0.5)) res.owner = R.pick(["alice", "bob", 1, null]);
    if (R.chance(0.4)) res.tags = R.some(["a", "b", "x", 1, null], 3);
    if (R.chance(0.4)) res.meta = R.chance(0.8) ? { level: R.pick([1, 2, "1", null, true]) } : [1];
    if (R.chance(0.2)) res.action = R.pick(["tools/call", 3]);
    if (R.chance(0.05)) Object.setPrototypeOf(res, null);
    resource = res;
  } else
    resource = R.pick([
      { id: 3 },
      {},
      42,
      null,
      undefined,
      ["tool:x"],
      Object.defineProperty({}, "id", { get: () => "tool:x", enumerable: true }),
      new ClassResource(),
    ]);
  let action: unknown;
  if (R.chance(0.97)) action = R.pick(ACTIONS);
  else action = R.pick([undefined, 1, null, ["tools/call"], { id: "x" }]);
  let env: unknown;
  const er = R.int(20);
  if (er < 3) env = undefined;
  else if (er < 19) {
    const e: Record<string, unknown> = {};
    const keys = R.some(["hour", "arguments", "flag", "list", "user", "obj", "arr", "s", "n", "not", "x.y"], 5);
    for (const k of keys) e[k] = genEnvVal(R, k);
    if (R.chance(0.05)) Object.setPrototypeOf(e, null);
    if (R.chance(0.03)) Object.defineProperty(e, "flag", { get: () => true, enumerable: true });
    env = e;
  } else env = R.pick([null, 1, "x", [], new Date(0), new Map()]);
  return { subject, resource, action, env };
}

function genEnvVal(R: Rng, k: string): unknown {
  switch (k) {
    case "hour":
      return R.pick([0, 7, 8, 12, 17, 18, 23, "8", -1, 7.5, null, Number.NaN, Number.POSITIVE_INFINITY]);
    case "arguments":
      return R.chance(0.85)
        ? { path: R.pick([...RES_IDS, "/home/bob/a.md", "/home/alice/x", "/home/bob/.ssh/k", "/home/bob/a/b.md", "a.md", 3, null, ["x"]]) }
        : R.pick([null, "x", []]);
    case "flag":
      return R.pick([true, false, "true", 1, null]);
    case "list":
      return R.pick([["a", "b"], [], ["x", 1, null, true], "abc", [["a"]], [{ a: 1 }], [-0], [0]]);
    case "user":
      return R.pick(["alice", "bob", null, { id: "a" }]);
    case "obj":
      return R.pick([{}, { a: 1 }, { x: "1" }, { a: 1, b: [1] }, Object.create(null), []]);
    case "arr":
      return R.pick([[1, 2], [], ["1"], [[1]], { 0: 1 }]);
    case "s":
      return R.pick(["alice", "abc", "", "💥", "a b", "é", "e\u0301", "x"]);
    case "n":
      return R.pick([0, -0, 1, 0.5, 18, 1e21, -1, 12.25]);
    case "not":
      return R.pick([true, false]);
    case "x.y":
      return R.pick([1, "x"]);
  }
  return undefined;
}

function genSubject(R: Rng): unknown {
  const r = R.int(40);
  if (r === 0) return R.pick([null, undefined, "alice", 1, [], new ClassSubject(), new Date(0)]);
  const s: Record<string, unknown> = R.chance(0.1) ? Object.create(null) : {};
  const def = (k: string, v: unknown): void => {
    const m = R.int(30);
    if (m === 0) Object.defineProperty(s, k, { get: () => v, enumerable: true, configurable: true });
    else if (m === 1) Object.defineProperty(s, k, { value: v, enumerable: false, configurable: true, writable: true });
    else s[k] = v;
  };
  if (R.chance(0.9)) def("id", R.chance(0.9) ? R.pick(USERS) : R.pick([1, null, undefined, ["alice"], { id: "alice" }]));
  if (R.chance(0.8))
    def(
      "roles",
      R.chance(0.9)
        ? R.some(ROLES.concat(["x", ""]), 3)
        : R.pick(["editor", "suspended", ["editor", 1], [null], {}, [], [["admin"]], null]),
    );
  if (R.chance(0.5)) def("groups", R.chance(0.9) ? R.some(GROUPS, 2) : R.pick(["oncall", [1], null]));
  if (R.chance(0.4)) def("dept", R.pick(["eng", "ops", "", 1, null]));
  if (R.chance(0.4)) def("level", R.pick([1, 2, 3, 0.5, -0, "1", null, 1e21, Number.NaN]));
  if (R.chance(0.4))
    def(
      "org",
      R.chance(0.8)
        ? { id: R.pick(["acme", "a/b", ".", "..", "", "*", "{a,b}", 7, null, "tool"]) }
        : R.pick(["acme", null, [], Object.create(null)]),
    );
  if (R.chance(0.1)) def("a b", R.pick([1, "x"]));
  if (R.chance(0.05)) def("constructor", R.pick(["Object", 1]));
  if (R.chance(0.05))
    Object.defineProperty(s, "__proto__", { value: { x: 1 }, enumerable: true, configurable: true, writable: true });
  if (R.chance(0.1)) def("tags", R.some(["a", "b"], 2));
  if (R.chance(0.1)) def("user", "alice");
  if (R.chance(0.05)) def("meta", { x: { y: R.pick([1, "a", null]) } });
  return s;
}

// ---------------------------------------------------------------- glob cases (globfuzz.mjs)
const PTOK = ["a", "b", "ab", ".", "/", "/", "*", "*", "**", "**", "?", "[a-b]", "[!a]", "[^.]", "{a,b}", "{,a}", "{a,/b}", "\\*", "\\a", "x", "..", "//", "]", "[", "}", "{", ",", "-", "é", "💥", "[[:alpha:]]", "[.]", "+(a)", "!", "#", "{1..3}", "\\", ".x", "a.b", ":", "tool:", "*.md", "**/", "/**", "[/]", "\\{a,b\\}", "(", ")", "|", "@", "$", "${subject.id}", "${subject.id}", "${subject.o.k}", "[*]", "[?]", "[\\]]", "\\[", "**a", "a**"];
const STOK = ["a", "b", "ab", ".", "/", "/", "x", "..", "*", "?", "{a,b}", "é", "💥", "md", ".md", "tool:", "1", "2", "[", "]", "-", ",", "{", "}", "\\", "+(a)", "!", "#", "(", "|", "@", "$", "u", "v*", "a,b", " "];
const IDS: readonly (string | number)[] = ["u", "v*", "a,b", "{a,b}", "[a]", "\\", "é", "💥", "1", 7, "..", ".", "a/b", "", "!x", "x-y", " ", "(a|b)", "#"];

/** At most this many tokens in a generated glob or string (the catastrophic-regex guard). */
export const GLOB_MAX_TOKENS = 6;

export interface GlobCase {
  text: string;
  patterns: string[];
  /** evaluations: [subject, resource, action, env] */
  requests: [unknown, string, string, { s: string }][];
}

/**
 * One round of globfuzz.mjs: up to 12 short random patterns as resource, action or matches
 * targets of one set (priority = position), and 40 strings (random, or derived from a pattern
 * so that they are likely to match) tried as resource id, action and env.s at once.
 */
export function genGlobCase(R: Rng): GlobCase {
  const gen = (toks: readonly string[], max: number): string => {
    let s = "";
    const k = R.int(max) + (R.chance(0.9) ? 1 : 0);
    for (let i = 0; i < k; i++) s += R.pick(toks);
    return s;
  };
  const pats: string[] = [];
  const k = 1 + R.int(12);
  for (let i = 0; i < k; i++) {
    let p: string;
    do p = gen(PTOK, GLOB_MAX_TOKENS);
    while (bracketAmbiguous(p));
    pats.push(p);
  }
  const kind = R.pick(["resource", "action", "matches", "mixed"]);
  let text = "";
  pats.forEach((p, i) => {
    const q = JSON.stringify(p);
    const kk = kind === "mixed" ? R.pick(["resource", "action", "matches"]) : kind;
    const pp = kk === "action" ? q.replaceAll("${", "$") : q;
    const eff = R.chance(0.8) ? "allow" : "deny";
    if (kk === "resource") text += `policy p${i} { ${eff} priority ${i} subject * action * resource ${pp} }\n`;
    else if (kk === "action") text += `policy p${i} { ${eff} priority ${i} subject * action ${pp} resource * }\n`;
    else text += `policy p${i} { ${eff} priority ${i} subject * action * resource * when env.s matches ${pp} }\n`;
  });
  const subjects = [{ id: R.pick(IDS), o: { k: R.pick(IDS) } }, { id: R.pick(IDS) }];
  const requests: GlobCase["requests"] = [];
  // (The .mjs drew these only for sets both sides accept; here each round has a seed of its own.)
  for (let j = 0; j < 40; j++) {
    const str = R.chance(0.5) ? gen(STOK, GLOB_MAX_TOKENS) : derive(R, R.pick(pats));
    const subj = R.pick(subjects);
    requests.push([subj, str, str, { s: str }]);
  }
  return { text, patterns: pats, requests };
}

/**
 * The catastrophic-regex guard, checked: no glob case may have a pattern longer than 96 or a
 * string longer than 128 characters (with 6 tokens they are at most 84 and about 100).
 */
export function assertGlobCaseBounded(c: GlobCase): void {
  for (const p of c.patterns) if (p.length > 96) throw new Error(`glob case pattern too long: ${p}`);
  for (const [, str] of c.requests) if (str.length > 128) throw new Error(`glob case string too long: ${str}`);
}

// spec ambiguity (documented by mcpolicy): an interpolation inside a bracket expression
function bracketAmbiguous(p: string): boolean {
  let i = p.indexOf("${", 0);
  while (i !== -1) {
    const seg = p.slice(0, i).split("/").pop() ?? "";
    if (seg.includes("[")) return true;
    i = p.indexOf("${", i + 1);
  }
  return false;
}
// a string likely to match: replace glob tokens by plausible text
function derive(R: Rng, p: string): string {
  return p
    .replace(/\$\{subject\.id\}/g, () => R.pick(IDS.map(String)))
    .replace(/\*\*/g, () => R.pick(["", "a", "a/b", ".x", "a/.b", ".."]))
    .replace(/\*/g, () => R.pick(["", "a", "ab", ".", "x.md"]))
    .replace(/\?/g, () => R.pick(["a", ".", "é", "💥"]))
    .replace(/\{a,b\}/g, () => R.pick(["a", "b"]));
}
