// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
/**
 * A second, independent oracle for mcpolicy: a clean-room reading of the normative spec
 * LANGUAGE.md (/work/shared/spec/LANGUAGE.md), written from the spec text alone,
 * WITHOUT looking at mcpolicy's src/. It must never import from src/ or be restructured after
 * it: its value is that it shares no code and no design with the engine or with the
 * project's own reference interpreter. It is a TypeScript port of a standalone oracle.mjs
 * whose logic is kept as it was (the differential fuzz that settled it ran ~4.3 M decisions
 * against mcpolicy with no disagreement left after triage).
 *
 *   compileOracle(source | {name,text}[]) -> { ok: true, engine } | { ok: false, error }
 *   engine.evaluate(subject, resource, action, env) -> decision (allowed, effect, policy, errors)
 *
 * Parser of §1–§3 with the static rules and limits; evaluator of §4–§5; globs by minimatch with
 * the options of §4.1 (GLOB_OPTS).
 *
 * OPTIONS: switches for points the spec leaves open, one line each (ambiguity: choice, why):
 * - numberFollowedByWord "allow": §2 has no token-separation rule, so `1and` is NUMBER then `and` (maximal munch; mcpolicy agrees).
 * - stringLimitCountsQuotes false: the 64 KiB string limit counts the raw bytes between the quotes (plain reading; mcpolicy agrees).
 * - deepJsonInCompare true: "values are JSON values" holds all the way down in ==, !=, in, contains (mcpolicy's choice, taken at triage).
 * - brokenGlobIsCompileError true: a glob minimatch itself cannot compile is a compile error (mcpolicy's choice, taken at triage).
 * Not switched: an interpolation inside a bracket expression (`[${subject.id}]`) stays open; the generators avoid it.
 */
import { type MMRegExp, Minimatch, type MinimatchOptions, minimatch } from "minimatch";

/** Spec §4.1's options, restated from the text on purpose: the oracle imports nothing from src/ (src/model/glob.ts holds the engine's copy). */
export const GLOB_OPTS: MinimatchOptions = Object.freeze({
  dot: true,
  nonegate: true,
  nocomment: true,
  noext: true,
  optimizationLevel: 0,
  preserveMultipleSlashes: true,
  platform: "linux",
});

const KEYWORDS = new Set(
  (
    "policy role includes allow deny priority subject user group action resource " +
    "when unless and or not in contains matches has true false null env"
  ).split(" "),
);

// Ambiguity switches: see the header.
export const OPTIONS = {
  numberFollowedByWord: "allow" as "allow" | "reject",
  stringLimitCountsQuotes: false,
  deepJsonInCompare: true,
  brokenGlobIsCompileError: true,
};

class CompileError extends Error {}
function fail(msg: string): never {
  throw new CompileError(msg);
}

const MAX_SOURCE = 8 * 1024 * 1024;
const MAX_STRING = 64 * 1024;
const MAX_DEPTH = 64;
const MAX_GLOB_LEN = 1024;
const MAX_GLOBSTARS = 8;
const MAX_BRACE = 1000;

// ---------------------------------------------------------------- lexer (§1, §2)
type Tok =
  | { t: "kw" | "id" | "p" | "str"; v: string }
  | { t: "num"; v: number; raw: string }
  | { t: "eof" };

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

function lex(text: unknown): Tok[] {
  if (typeof text !== "string") fail("source must be a string");
  if (Buffer.byteLength(text, "utf8") > MAX_SOURCE) fail("source larger than 8 MiB");
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const toks: Tok[] = [];
  const n = text.length;
  const at = (j: number): string => text[j] ?? "";
  while (i < n) {
    const c = at(i);
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      i++;
      continue;
    }
    if (c === "#" || (c === "/" && at(i + 1) === "/")) {
      while (i < n && at(i) !== "\n" && at(i) !== "\r") i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(at(j))) j++;
      const w = text.slice(i, j);
      toks.push(KEYWORDS.has(w) ? { t: "kw", v: w } : { t: "id", v: w });
      i = j;
      continue;
    }
    if (c === "-" || /[0-9]/.test(c)) {
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?/.exec(text.slice(i, i + 400));
      if (!m) fail("malformed number");
      let j = i + m[0].length;
      // a longer digit run would make the 400-char window wrong; handle by re-matching on the rest
      if (j === i + 400) {
        const m2 = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?/.exec(text.slice(i));
        j = i + (m2 ? m2[0].length : 0);
      }
      const raw = text.slice(i, j);
      if (OPTIONS.numberFollowedByWord !== "allow" && j < n && /[A-Za-z0-9_.]/.test(at(j))) fail("malformed number");
      toks.push({ t: "num", v: Number(raw), raw });
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let out = "";
      for (;;) {
        if (j >= n) fail("unterminated string");
        const d = text.charCodeAt(j);
        if (d === 0x22) break;
        if (d < 0x20) fail("raw control character in string");
        if (d === 0x5c) {
          const e = text[j + 1];
          if (e !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) {
            out += SIMPLE_ESCAPES[e];
            j += 2;
            continue;
          }
          if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(text.slice(j + 2, j + 6))) {
            out += String.fromCharCode(Number.parseInt(text.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          fail("invalid escape");
        }
        out += at(j);
        j++;
      }
      const rawInner = text.slice(i + 1, j);
      const rawLen = Buffer.byteLength(OPTIONS.stringLimitCountsQuotes ? text.slice(i, j + 1) : rawInner, "utf8");
      if (rawLen > MAX_STRING) fail("string literal longer than 64 KiB");
      toks.push({ t: "str", v: out });
      i = j + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "==" || two === "!=" || two === "<=" || two === ">=") {
      toks.push({ t: "p", v: two });
      i += 2;
      continue;
    }
    if ("{}[](),.*<>".includes(c)) {
      toks.push({ t: "p", v: c });
      i++;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(c)}`);
  }
  toks.push({ t: "eof" });
  return toks;
}

// ---------------------------------------------------------------- parser (§3)
type Literal = string | number | boolean | null;
type Root = "subject" | "resource" | "action" | "env";
type CmpOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type Expr =
  | { op: "lit"; v: Literal | Literal[] }
  | { op: "path"; root: Root; steps: string[] }
  | { op: "not"; e: Expr }
  | { op: "and" | "or" | CmpOp | "in" | "contains"; l: Expr; r: Expr }
  | { op: "matches"; l: Expr; glob: string; g?: CheckedGlob }
  | { op: "has"; l: Expr; name: string };

interface SubjectAlt {
  kind: "user" | "role" | "group";
  names: string[];
}
type Patterns = "*" | string[];
interface Cond {
  neg: boolean;
  e: Expr;
}
interface RoleDecl {
  kind: "role";
  name: string;
  includes: string[];
}
interface PolicyDecl {
  kind: "policy";
  name: string;
  effects: ("allow" | "deny")[];
  priorities: { v: number; raw: string }[];
  subjects: ("*" | SubjectAlt[])[];
  actions: Patterns[];
  resources: Patterns[];
  conds: Cond[];
}

const EOF: Tok = { t: "eof" };

function parseSource(text: unknown): (RoleDecl | PolicyDecl)[] {
  const toks = lex(text);
  let k = 0;
  const peek = (): Tok => toks[k] ?? EOF;
  const isKw = (w: string, t: Tok = peek()): boolean => t.t === "kw" && t.v === w;
  const isP = (p: string, t: Tok = peek()): boolean => t.t === "p" && t.v === p;
  const expectP = (p: string): void => {
    if (!isP(p)) fail(`expected ${p}`);
    k++;
  };
  const name = (): string => {
    const t = peek();
    if (t.t === "id" || t.t === "str") {
      k++;
      return t.v;
    }
    fail("expected name");
  };
  const decls: (RoleDecl | PolicyDecl)[] = [];
  while (peek().t !== "eof") {
    if (isKw("role")) {
      k++;
      const r: RoleDecl = { kind: "role", name: name(), includes: [] };
      if (isKw("includes")) {
        k++;
        r.includes.push(name());
        while (isP(",")) {
          k++;
          r.includes.push(name());
        }
      }
      decls.push(r);
    } else if (isKw("policy")) {
      k++;
      const p: PolicyDecl = {
        kind: "policy",
        name: name(),
        effects: [],
        priorities: [],
        subjects: [],
        actions: [],
        resources: [],
        conds: [],
      };
      expectP("{");
      while (!isP("}")) {
        const t = peek();
        if (isKw("allow") || isKw("deny")) {
          p.effects.push(isKw("allow") ? "allow" : "deny");
          k++;
        } else if (isKw("priority")) {
          k++;
          const nt = peek();
          if (nt.t !== "num") fail("priority needs a number");
          k++;
          p.priorities.push(nt);
        } else if (isKw("subject")) {
          k++;
          if (isP("*")) {
            k++;
            p.subjects.push("*");
          } else {
            const alts = [subjectAlt()];
            while (isKw("or")) {
              k++;
              alts.push(subjectAlt());
            }
            p.subjects.push(alts);
          }
        } else if (isKw("action")) {
          k++;
          p.actions.push(patterns());
        } else if (isKw("resource")) {
          k++;
          p.resources.push(patterns());
        } else if (isKw("when") || isKw("unless")) {
          k++;
          p.conds.push({ neg: isKw("unless", t), e: expr(0) });
        } else fail("unexpected token in policy");
      }
      k++;
      decls.push(p);
    } else fail("expected role or policy");
  }
  return decls;

  function subjectAlt(): SubjectAlt {
    const t = peek();
    if (!(isKw("user") || isKw("role") || isKw("group"))) fail("expected user/role/group");
    k++;
    const names = [name()];
    while (isP(",")) {
      k++;
      names.push(name());
    }
    return { kind: isKw("user", t) ? "user" : isKw("role", t) ? "role" : "group", names };
  }
  function patterns(): Patterns {
    if (isP("*")) {
      k++;
      return "*";
    }
    const out: string[] = [];
    const str = (): string => {
      const t = peek();
      if (t.t !== "str") fail("expected pattern");
      k++;
      return t.v;
    };
    out.push(str());
    while (isP(",")) {
      k++;
      out.push(str());
    }
    return out;
  }
  function expr(d: number): Expr {
    let l = andExpr(d);
    while (isKw("or")) {
      k++;
      l = { op: "or", l, r: andExpr(d) };
    }
    return l;
  }
  function andExpr(d: number): Expr {
    let l = notExpr(d);
    while (isKw("and")) {
      k++;
      l = { op: "and", l, r: notExpr(d) };
    }
    return l;
  }
  function notExpr(d: number): Expr {
    if (isKw("not")) {
      k++;
      if (d + 1 > MAX_DEPTH) fail("nesting too deep");
      return { op: "not", e: notExpr(d + 1) };
    }
    return test(d);
  }
  function test(d: number): Expr {
    const l = operand(d);
    const t = peek();
    if (t.t === "p" && ["==", "!=", "<", "<=", ">", ">="].includes(t.v)) {
      k++;
      return { op: t.v as CmpOp, l, r: operand(d) };
    }
    if (isKw("in")) {
      k++;
      return { op: "in", l, r: operand(d) };
    }
    if (isKw("contains")) {
      k++;
      return { op: "contains", l, r: operand(d) };
    }
    if (isKw("matches")) {
      k++;
      const gt = peek();
      if (gt.t !== "str") fail("matches needs a string");
      k++;
      return { op: "matches", l, glob: gt.v };
    }
    if (isKw("has")) {
      k++;
      const nt = peek();
      if (nt.t === "id" || nt.t === "kw" || nt.t === "str") {
        k++;
        return { op: "has", l, name: nt.v };
      }
      fail("has needs a member or string");
    }
    return l;
  }
  function literal(): Literal {
    const t = peek();
    if (t.t === "str" || t.t === "num") {
      k++;
      return t.v;
    }
    if (isKw("true")) {
      k++;
      return true;
    }
    if (isKw("false")) {
      k++;
      return false;
    }
    if (isKw("null")) {
      k++;
      return null;
    }
    fail("expected literal");
  }
  function operand(d: number): Expr {
    const t = peek();
    if (t.t === "str" || t.t === "num" || isKw("true") || isKw("false") || isKw("null")) return { op: "lit", v: literal() };
    if (isP("[")) {
      k++;
      const vals: Literal[] = [];
      if (!isP("]")) {
        vals.push(literal());
        while (isP(",")) {
          k++;
          vals.push(literal());
        }
      }
      expectP("]");
      return { op: "lit", v: vals };
    }
    if (isP("(")) {
      k++;
      if (d + 1 > MAX_DEPTH) fail("nesting too deep");
      const e = expr(d + 1);
      expectP(")");
      return e;
    }
    if (t.t === "kw" && (t.v === "subject" || t.v === "resource" || t.v === "action" || t.v === "env")) {
      k++;
      const steps: string[] = [];
      for (;;) {
        if (isP(".")) {
          k++;
          const m = peek();
          if (m.t !== "id" && m.t !== "kw") fail("expected member");
          k++;
          steps.push(m.v);
        } else if (isP("[")) {
          k++;
          const st = peek();
          if (st.t !== "str") fail("expected string index");
          steps.push(st.v);
          k++;
          expectP("]");
        } else break;
      }
      if (t.v === "action" && steps.length) fail("action has no members");
      return { op: "path", root: t.v, steps };
    }
    fail("expected operand");
  }
}

// ---------------------------------------------------------------- static rules
const INTERP_RE = /\$\{subject((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\}/g;

type GlobPart = string | { path: string[] };

function splitInterp(glob: string): GlobPart[] {
  // returns the parts (string | {path:[...]}) or throws on a bad ${
  const parts: GlobPart[] = [];
  let last = 0;
  let i = glob.indexOf("${", 0);
  while (i !== -1) {
    INTERP_RE.lastIndex = i;
    const m = INTERP_RE.exec(glob);
    if (!m || m.index !== i) fail("bad interpolation");
    parts.push(glob.slice(last, i));
    parts.push({ path: (m[1] ?? "").slice(1).split(".") });
    i = last = i + m[0].length;
    i = glob.indexOf("${", i);
  }
  parts.push(glob.slice(last));
  return parts;
}

const PH_BASE = 0xe100;
function placeholder(ix: number): string {
  return `\ue000${String.fromCharCode(PH_BASE + ix)}\ue001`;
}

export interface CheckedGlob {
  glob: string;
  parts: GlobPart[];
  withPh: string;
  interps: { path: string[] }[];
  mm: Minimatch | null;
  broken: boolean;
}

function checkGlob(glob: string, allowInterp: boolean): CheckedGlob {
  if (!allowInterp && glob.includes("${")) fail("interpolation not allowed in action pattern");
  const parts = allowInterp ? splitInterp(glob) : [glob];
  if (glob.length > MAX_GLOB_LEN) fail("glob too long");
  if (glob.split("**").length - 1 > MAX_GLOBSTARS) fail("too many **");
  let ix = 0;
  const withPh = parts.map((p) => (typeof p === "string" ? p : placeholder(ix++))).join("");
  // braceExpandMax 100000 is minimatch's default (the .mjs passed `{ max }`, which minimatch ignores).
  const count = minimatch.braceExpand(withPh, { braceExpandMax: 100000 }).length;
  if (count > MAX_BRACE) fail("brace expansion too large");
  const interps = parts.filter((p): p is { path: string[] } => typeof p !== "string");
  let mm: Minimatch | null = null;
  let broken = false;
  // minimatch itself throws on some patterns (a POSIX class next to `,` `-` `#` or a space: its own
  // escapes are invalid under the `u` flag). The spec is silent; the oracle makes such a glob err.
  try {
    mm = new Minimatch(interps.length ? withPh : glob, GLOB_OPTS);
    if (interps.length) mm = null;
  } catch {
    broken = true;
    mm = null;
  }
  if (broken && OPTIONS.brokenGlobIsCompileError) fail("not a valid glob (minimatch throws)");
  return { glob, parts, withPh, interps, mm, broken };
}

function checkExpr(e: Expr): void {
  switch (e.op) {
    case "lit":
    case "path":
      return;
    case "not":
      checkExpr(e.e);
      return;
    case "matches":
      checkExpr(e.l);
      e.g = checkGlob(e.glob, true);
      return;
    case "has":
      checkExpr(e.l);
      return;
    default:
      checkExpr(e.l);
      checkExpr(e.r);
  }
}

interface Policy {
  name: string;
  effect: "allow" | "deny";
  priority: number;
  subject: "*" | SubjectAlt[];
  actions: "*" | CheckedGlob[];
  resources: "*" | CheckedGlob[];
  conds: Cond[];
}

export type OracleResult = { ok: true; engine: OracleEngine } | { ok: false; error: string };

export function compileOracle(input: string | readonly { name: string; text: string }[]): OracleResult {
  try {
    let sources: unknown[];
    if (typeof input === "string") sources = [input];
    else if (Array.isArray(input)) sources = input.map((s) => s.text);
    else fail("bad input");
    const decls: (RoleDecl | PolicyDecl)[] = [];
    for (const s of sources) decls.push(...parseSource(s));
    const policies: Policy[] = [];
    const roles = new Map<string, string[]>();
    const names = new Set<string>();
    for (const d of decls) {
      if (d.kind === "role") {
        if (roles.has(d.name)) fail("role declared twice");
        roles.set(d.name, d.includes);
        continue;
      }
      const [effect] = d.effects;
      const [subject] = d.subjects;
      const [action] = d.actions;
      const [resource] = d.resources;
      if (d.effects.length !== 1 || effect === undefined) fail("policy needs exactly one effect");
      if (
        d.subjects.length !== 1 ||
        d.actions.length !== 1 ||
        d.resources.length !== 1 ||
        subject === undefined ||
        action === undefined ||
        resource === undefined
      )
        fail("missing or repeated target");
      if (d.priorities.length > 1) fail("priority twice");
      let prio = 0;
      const t = d.priorities[0];
      if (t) {
        if (t.raw.includes(".")) fail("priority with fraction");
        if (!Number.isSafeInteger(t.v)) fail("priority not a safe integer");
        prio = t.v === 0 ? 0 : t.v;
      }
      if (names.has(d.name)) fail("duplicate policy name");
      names.add(d.name);
      const actions = action === "*" ? "*" : action.map((g) => checkGlob(g, false));
      const resources = resource === "*" ? "*" : resource.map((g) => checkGlob(g, true));
      for (const c of d.conds) checkExpr(c.e);
      policies.push({ name: d.name, effect, priority: prio, subject, actions, resources, conds: d.conds });
    }
    // cycles in includes
    const state = new Map<string, number>();
    const visit = (r: string): void => {
      if (state.get(r) === 1) fail("role cycle");
      if (state.get(r) === 2) return;
      state.set(r, 1);
      for (const x of roles.get(r) ?? []) visit(x);
      state.set(r, 2);
    };
    for (const r of roles.keys()) visit(r);
    return { ok: true, engine: new OracleEngine(policies, roles) };
  } catch (e) {
    if (e instanceof CompileError) return { ok: false, error: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------- values (§4)
class EvalErr {
  constructor(readonly msg: string) {}
}
const ERR = (m: string): EvalErr => new EvalErr(m);
const isErr = (v: unknown): v is EvalErr => v instanceof EvalErr;

function protoOf(v: object): unknown {
  try {
    return Object.getPrototypeOf(v);
  } catch {
    return undefined;
  }
}
export function isPlain(v: unknown): v is object {
  if (typeof v !== "object" || v === null) return false;
  try {
    if (Array.isArray(v)) return false;
  } catch {
    return false;
  }
  const p = protoOf(v);
  return p === Object.prototype || p === null;
}
type Own = { found: false } | { found: true; value: unknown };
// own data property: {found, value} ; throws -> error
function own(obj: object, key: string): Own | EvalErr {
  let d: PropertyDescriptor | undefined;
  try {
    d = Object.getOwnPropertyDescriptor(obj, key);
  } catch {
    return ERR("proxy threw");
  }
  if (!d || !("value" in d)) return { found: false };
  return { found: true, value: d.value };
}
/** The value of an own property known to exist (a TypeError, as in the .mjs, if it vanished). */
function descValue(o: object, k: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, k);
  if (d === undefined) throw new TypeError(`property ${k} vanished`);
  return d.value;
}
function isJsonValue(v: unknown): boolean {
  if (typeof v === "string" || typeof v === "boolean" || v === null) return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (typeof v === "object") {
    try {
      if (Array.isArray(v)) return true;
    } catch {
      return false;
    }
    return isPlain(v);
  }
  return false;
}
function resolve(root: unknown, steps: readonly string[], label: string): unknown {
  let cur = root;
  for (const s of steps) {
    if (!isPlain(cur)) return ERR(`step into non-object at ${label}`);
    const r = own(cur, s);
    if (isErr(r)) return r;
    if (!r.found) return ERR(`missing attribute ${label}`);
    cur = r.value;
  }
  if (!isJsonValue(cur)) return ERR(`not a JSON value at ${label}`);
  return cur;
}

// true when v is JSON all the way down and no deeper than 64 container levels (memoized: a shared
// structure is walked once per shared part; a cycle counts as too deep).
function deepJson(v: unknown): boolean {
  const memo = new Map<object, number>();
  const height = (x: unknown): number => {
    if (!isJsonValue(x)) return Number.POSITIVE_INFINITY;
    if (typeof x !== "object" || x === null) return 0;
    const known = memo.get(x);
    if (known !== undefined) return known;
    memo.set(x, Number.POSITIVE_INFINITY);
    let h = 0;
    const kids: unknown[] = [];
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const r = own(x, String(i));
        if (isErr(r) || !r.found) {
          memo.set(x, Number.POSITIVE_INFINITY);
          return Number.POSITIVE_INFINITY;
        }
        kids.push(r.value);
      }
    } else {
      let ks: string[];
      try {
        ks = dataKeys(x);
      } catch {
        return Number.POSITIVE_INFINITY;
      }
      for (const k of ks) kids.push(descValue(x, k));
    }
    for (const k of kids) {
      h = Math.max(h, height(k) + 1);
      if (h > 64) break;
    }
    memo.set(x, h);
    return h;
  };
  return height(v) <= 64;
}
function dataKeys(o: object): string[] {
  return Reflect.ownKeys(o).filter(
    (k): k is string => typeof k === "string" && "value" in (Object.getOwnPropertyDescriptor(o, k) ?? {}),
  );
}
function deq(a: unknown, b: unknown, depth: number): boolean | EvalErr {
  if (depth > 64) return ERR("structure nested deeper than 64");
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const aa = Array.isArray(a);
  const ba = Array.isArray(b);
  if (aa !== ba) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = own(a, String(i));
      const y = own(b, String(i));
      if (isErr(x)) return x;
      if (isErr(y)) return y;
      const r = deq(x.found ? x.value : undefined, y.found ? y.value : undefined, depth + 1);
      if (r !== true) return r;
    }
    return true;
  }
  if (!isPlain(a) || !isPlain(b)) return false;
  const ka = dataKeys(a);
  const kb = dataKeys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!kb.includes(k)) return false;
    const r = deq(descValue(a, k), descValue(b, k), depth + 1);
    if (r !== true) return r;
  }
  return true;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// interpolated glob -> matcher or error
function globMatch(g: CheckedGlob, str: string, subject: unknown): boolean | EvalErr {
  if (g.broken) return ERR("minimatch cannot compile this glob");
  if (!g.interps.length) {
    if (!g.mm) throw new Error("oracle: glob without interpolation has no matcher");
    return g.mm.match(str);
  }
  const vals: string[] = [];
  for (const it of g.interps) {
    const v = resolve(subject, it.path, `subject.${it.path.join(".")}`);
    if (isErr(v)) return v;
    let s: string;
    if (typeof v === "string") s = v;
    else if (typeof v === "number" && Number.isFinite(v)) s = String(v);
    else return ERR("interpolated value is not a string or number");
    if (s === "" || s.includes("/") || s === "." || s === "..") return ERR("bad interpolated value");
    vals.push(s);
  }
  // A value made only of ordinary characters is written into the pattern text as is, so that
  // minimatch's own fast paths (e.g. `*EXT` tested with endsWith on the raw text) apply as they
  // would to a hand-written pattern. Other values go through placeholders in the compiled segments.
  if (vals.every((v) => !/[\\*?[\]{}(),!+@#|$\s-]/.test(v))) {
    let k = 0;
    const text = g.parts.map((p) => (typeof p === "string" ? p : vals[k++])).join("");
    try {
      return new Minimatch(text, GLOB_OPTS).match(str);
    } catch {
      return ERR("minimatch cannot compile this glob");
    }
  }
  let mm: Minimatch;
  try {
    mm = new Minimatch(g.withPh, GLOB_OPTS);
  } catch {
    return ERR("minimatch cannot compile this glob");
  }
  const phs = vals.map((_, i) => placeholder(i));
  mm.set = mm.set.map((segs) =>
    segs.map((seg) => {
      if (typeof seg === "string") {
        let s = seg;
        phs.forEach((ph, i) => {
          s = s.split(ph).join(vals[i]);
        });
        return s;
      }
      if (seg instanceof RegExp) {
        let src = seg.source;
        if (!phs.some((ph) => src.includes(ph))) return seg;
        phs.forEach((ph, i) => {
          src = src.split(ph).join(escapeRe(vals[i] ?? ""));
        });
        try {
          return new RegExp(src, seg.flags) as MMRegExp;
        } catch {
          return /(?!)/ as MMRegExp;
        }
      }
      return seg;
    }),
  );
  return mm.match(str);
}

// ---------------------------------------------------------------- expressions (§4.2)
interface Ctx {
  subject: unknown;
  resource: unknown;
  action: unknown;
  env: unknown;
}

function evalExpr(e: Expr, ctx: Ctx): unknown {
  switch (e.op) {
    case "lit":
      return e.v;
    case "path": {
      const root = ctx[e.root];
      return resolve(root, e.steps, [e.root, ...e.steps].join("."));
    }
    case "not": {
      const v = evalExpr(e.e, ctx);
      if (isErr(v)) return v;
      if (typeof v !== "boolean") return ERR("not needs a boolean");
      return !v;
    }
    case "and":
    case "or": {
      const l = evalExpr(e.l, ctx);
      if (isErr(l)) return l;
      if (typeof l !== "boolean") return ERR(`${e.op} needs booleans`);
      if (e.op === "and" && !l) return false;
      if (e.op === "or" && l) return true;
      const r = evalExpr(e.r, ctx);
      if (isErr(r)) return r;
      if (typeof r !== "boolean") return ERR(`${e.op} needs booleans`);
      return r;
    }
    case "has": {
      const v = evalExpr(e.l, ctx);
      if (isErr(v) || !isPlain(v)) return false;
      const r = own(v, e.name);
      if (isErr(r)) return false;
      return r.found;
    }
    case "matches": {
      const s = evalExpr(e.l, ctx);
      if (isErr(s)) return s;
      if (typeof s !== "string") return ERR("matches needs a string");
      if (!e.g) throw new Error("oracle: matches glob was not checked");
      return globMatch(e.g, s, ctx.subject);
    }
  }
  const l = evalExpr(e.l, ctx);
  if (isErr(l)) return l;
  const r = evalExpr(e.r, ctx);
  if (isErr(r)) return r;
  if (OPTIONS.deepJsonInCompare && ["==", "!=", "in", "contains"].includes(e.op)) {
    if (!deepJson(l) || !deepJson(r))
      return ERR("not a JSON value, or nested deeper than 64, inside a compared structure");
  }
  switch (e.op) {
    case "==":
      return deq(l, r, 0);
    case "!=": {
      const q = deq(l, r, 0);
      return isErr(q) ? q : !q;
    }
    case "<":
    case "<=":
    case ">":
    case ">=": {
      if (typeof l === "number" && typeof r === "number") return cmp(e.op, l, r);
      if (typeof l === "string" && typeof r === "string") return cmp(e.op, l, r);
      return ERR("comparison needs two numbers or two strings");
    }
    case "in":
      return member(l, r);
    case "contains": {
      if (typeof l === "string") {
        if (typeof r !== "string") return ERR("string contains needs a string");
        return l.includes(r);
      }
      return member(r, l);
    }
  }
  throw new Error(`unknown op ${(e as { op: string }).op}`);
}
function cmp<T extends number | string>(op: "<" | "<=" | ">" | ">=", l: T, r: T): boolean {
  return op === "<" ? l < r : op === "<=" ? l <= r : op === ">" ? l > r : l >= r;
}
function member(x: unknown, L: unknown): boolean | EvalErr {
  if (!Array.isArray(L)) return ERR("in needs an array");
  for (let i = 0; i < L.length; i++) {
    const d = own(L, String(i));
    if (isErr(d)) return d;
    const q = deq(x, d.found ? d.value : undefined, 0);
    if (isErr(q)) return q;
    if (q) return true;
  }
  return false;
}

// ---------------------------------------------------------------- decisions (§5)
export interface OracleDecision {
  allowed: boolean;
  effect: "allow" | "deny" | "notapplicable";
  policy: string | null;
  errors: { policy: string | null; message: string }[];
}

type Test = boolean | EvalErr;

export class OracleEngine {
  constructor(
    readonly policies: readonly Policy[],
    readonly roles: ReadonlyMap<string, readonly string[]>,
  ) {}
  closure(r: string): Set<string> {
    const seen = new Set([r]);
    const stack = [r];
    for (let x = stack.pop(); x !== undefined; x = stack.pop()) {
      for (const y of this.roles.get(x) ?? [])
        if (!seen.has(y)) {
          seen.add(y);
          stack.push(y);
        }
    }
    return seen;
  }
  subjectTarget(p: Policy, subject: object): Test {
    if (p.subject === "*") return true;
    let err: EvalErr | null = null;
    for (const alt of p.subject) {
      const field = alt.kind === "user" ? "id" : alt.kind === "role" ? "roles" : "groups";
      const r = own(subject, field);
      if (isErr(r)) {
        err = r;
        continue;
      }
      if (!r.found) continue;
      const v = r.value;
      if (alt.kind === "user") {
        if (typeof v !== "string") {
          err = ERR("malformed subject.id");
          continue;
        }
        if (alt.names.includes(v)) return true;
        continue;
      }
      if (!Array.isArray(v)) {
        err = ERR(`malformed subject.${field}`);
        continue;
      }
      let bad = false;
      const held: string[] = [];
      const ld = (() => {
        try {
          return Object.getOwnPropertyDescriptor(v, "length");
        } catch {
          return undefined;
        }
      })();
      const len: number = ld && "value" in ld ? ld.value : -1;
      if (len < 0) bad = true;
      for (let i = 0; i < len; i++) {
        let d: PropertyDescriptor | undefined;
        try {
          d = Object.getOwnPropertyDescriptor(v, i);
        } catch {
          bad = true;
          break;
        }
        if (!d || !("value" in d) || typeof d.value !== "string") {
          bad = true;
          break;
        }
        held.push(d.value);
      }
      if (bad) {
        err = ERR(`malformed subject.${field}`);
        continue;
      }
      if (alt.kind === "group") {
        if (held.some((h) => alt.names.includes(h))) return true;
        continue;
      }
      for (const h of held) {
        const c = this.closure(h);
        if (alt.names.some((nm) => c.has(nm))) return true;
      }
    }
    return err ?? false;
  }
  patternTarget(pats: "*" | CheckedGlob[], str: string, subject: unknown): Test {
    if (pats === "*") return true;
    let err: EvalErr | null = null;
    for (const g of pats) {
      const m = globMatch(g, str, subject);
      if (isErr(m)) {
        err = m;
        continue;
      }
      if (m) return true;
    }
    return err ?? false;
  }
  evaluate(subject: unknown, resource: unknown, action: unknown, env?: unknown): OracleDecision {
    const malformed = (m: string): OracleDecision => ({
      allowed: false,
      effect: "deny",
      policy: null,
      errors: [{ policy: null, message: m }],
    });
    if (!isPlain(subject)) return malformed("subject");
    let resObj: object;
    let rid: string;
    if (typeof resource === "string") {
      resObj = { id: resource };
      rid = resource;
    } else if (isPlain(resource)) {
      const r = own(resource, "id");
      if (isErr(r) || !r.found || typeof r.value !== "string") return malformed("resource id");
      resObj = resource;
      // as in the .mjs: the id is read a second time here (the same value for a data property)
      rid = (own(resource, "id") as { value?: unknown }).value as string;
    } else return malformed("resource");
    if (typeof action !== "string") return malformed("action");
    let envv = env;
    if (envv === undefined) envv = {};
    else if (!isPlain(envv)) return malformed("env");
    const ctx: Ctx = { subject, resource: resObj, action, env: envv };
    const results: { p: Policy; applies: boolean; erred: boolean; msgs: string[] }[] = [];
    for (const p of this.policies) {
      const tests: Test[] = [
        this.subjectTarget(p, subject),
        this.patternTarget(p.actions, action, subject),
        this.patternTarget(p.resources, rid, subject),
      ];
      if (tests.includes(false)) {
        results.push({ p, applies: false, erred: false, msgs: [] });
        continue;
      }
      for (const c of p.conds) {
        let v = evalExpr(c.e, ctx);
        if (!isErr(v)) {
          if (typeof v !== "boolean") v = ERR("condition is not a boolean");
          else if (c.neg) v = !v;
        }
        tests.push(v as Test);
      }
      const erred = tests.some(isErr);
      const applies = p.effect === "allow" ? tests.every((t) => t === true) : !tests.includes(false);
      results.push({ p, applies, erred, msgs: tests.filter(isErr).map((t) => t.msg) });
    }
    const applying = results.filter((r) => r.applies);
    if (!applying.length) {
      const errors = results
        .filter((r) => r.erred)
        .flatMap((r) => r.msgs.map((m) => ({ policy: r.p.name, message: m })));
      return { allowed: false, effect: "notapplicable", policy: null, errors };
    }
    const top = Math.max(...applying.map((r) => r.p.priority));
    const atTop = applying.filter((r) => r.p.priority === top);
    const effect = atTop.some((r) => r.p.effect === "deny") ? "deny" : "allow";
    const decider = atTop.find((r) => r.p.effect === effect);
    if (!decider) throw new Error("oracle: no deciding policy");
    const errors = results
      .filter((r) => r.erred && r.p.priority >= top)
      .flatMap((r) => r.msgs.map((m) => ({ policy: r.p.name, message: m })));
    return { allowed: effect === "allow", effect, policy: decider.p.name, errors };
  }
}
