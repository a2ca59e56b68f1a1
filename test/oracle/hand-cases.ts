// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
/**
 * The hand-written cases of the clean-room oracle (hand.mjs: acceptance, one or more per
 * rule-stating sentence of LANGUAGE.md §1–§4 and its limits; hand_eval.mjs: evaluation, §4–§5),
 * written from the spec without looking at mcpolicy's src/. The cases are those of the .mjs
 * files, unchanged; only the runners became collectors. `expect` is the value read from the
 * spec by the oracle's author; a case without one (undefined) was only compared between
 * mcpolicy and the oracle, and differential.test.ts skips it rather than invent a value.
 * A block at the end of the evaluation cases was added later (mutation testing found gaps):
 * ordering operators at equality inside larger conditions, paths through non-plain objects,
 * actions with a trailing `/`.
 * Evaluation expectations are `effect/policy/E-or-dash` (dash: no errors).
 */

export type Source = string | { name: string; text: string }[];
export interface AcceptCase {
  label: string;
  src: Source;
  expect: boolean | undefined;
}
export interface EvalCase {
  label: string;
  src: Source;
  req: unknown[];
  expect: string | undefined;
}

export const acceptCases: AcceptCase[] = [];
export const evalCases: EvalCase[] = [];

function acc(label: string, src: Source, expect: boolean | undefined): void {
  acceptCases.push({ label, src, expect });
}
function ev(label: string, src: Source, req: unknown[], expect?: string): void {
  evalCases.push({ label, src, req, expect });
}

// ---------------------------------------------------------------- hand.mjs
{
  const pol = (body: string, name = "p") => `policy ${name} { ${body} }`;
  const A = (extra = "") => pol(`allow subject * action * resource * ${extra}`);
// ---------- §1 whitespace, comments, BOM
acc("bom", "\ufeff" + A(), true);
acc("bom twice", "\ufeff\ufeff" + A(), false);
acc("bom mid", A() + "\ufeff", false);
acc("formfeed ws", A().replace(" allow", "\fallow"), false);
acc("nbsp ws", A().replace(" allow", "\u00a0allow"), false);
acc("vtab", A().replace(" allow", "\vallow"), false);
acc("hash comment", "# x\n" + A(), true);
acc("slash comment", "// x\n" + A(), true);
acc("comment eof", A() + "# x", true);
acc("comment CR end", "# x\r" + A(), true);
acc("single slash", "/ " + A(), false);
acc("empty source", "", true);
acc("only comment", "# nothing", true);
acc("comment inside string", pol(`allow subject * action "a#b", "a//b" resource *`), true);
acc("u2028 ws", A().replace(" allow", "\u2028allow"), false);
acc("no spaces", `policy p{allow subject*action*resource*}`, true);
acc("string name no space", `policy"p"{allow subject user"a"action"x"resource"y"}`, true);
acc("multi sources", [{ name: "a", text: A() }, { name: "b", text: pol("deny subject * action * resource *", "q") }], true);
// ---------- §2 lexical
acc("ident underscore", pol("allow subject user _a1 action * resource *"), true);
acc("ident digit start", pol("allow subject user 1a action * resource *"), false);
acc("ident dash", pol("allow subject user a-b action * resource *"), false);
acc("non-ascii ident", pol("allow subject user é action * resource *"), false);
acc("keyword as user name", pol("allow subject user env action * resource *"), false);
acc("keyword as policy name", "policy allow { allow subject * action * resource * }", false);
acc("keyword as role name", "role user", false);
acc("Capitalized keyword is ident", "role Allow", true);
acc("string escapes", pol(`allow subject user "\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDCA5" action * resource *`), true);
acc("bad escape \\q", pol(`allow subject user "\\q" action * resource *`), false);
acc("bad escape \\x", pol(`allow subject user "\\x41" action * resource *`), false);
acc("short \\u", pol(`allow subject user "\\u00e" action * resource *`), false);
acc("escape \\u{}", pol(`allow subject user "\\u{41}" action * resource *`), false);
acc("raw tab in string", pol(`allow subject user "a\tb" action * resource *`), false);
acc("raw nl in string", pol(`allow subject user "a\nb" action * resource *`), false);
acc("raw DEL in string", pol(`allow subject user "a\u007fb" action * resource *`), true);
acc("raw U+2028 in string", pol(`allow subject user "a\u2028b" action * resource *`), true);
acc("raw NUL in string", pol(`allow subject user "a\u0000b" action * resource *`), false);
acc("lone surrogate escape", pol(`allow subject user "\\ud800" action * resource *`), true);
acc("raw lone surrogate", pol(`allow subject user "\ud800" action * resource *`), undefined);
acc("unterminated", pol(`allow subject user "a action * resource *`), false);
acc("single quotes", pol(`allow subject user 'a' action * resource *`), false);
for (const [num, ok] of <[string, boolean][]>[["0", true], ["-0", true], ["10", true], ["-10", true], ["01", false], ["1.", false], [".5", false], ["1.50", true], ["1e5", false], ["1E5", false], ["+1", false], ["- 1", false], ["0x10", false], ["1.2.3", false], ["00", false], ["-01", false], ["--1", false], ["1_000", false], ["-.5", false]]) {
  acc(`number ${num}`, A(`when env.a == ${num}`), ok);
}
acc("number then keyword no space (priority 1allow)", pol("priority 1allow subject * action * resource *"), undefined);
acc("number then keyword no space (1and)", A("when env.a == 1and true"), undefined);
acc("number then ident 12abc", A("when env.a == 12abc"), false);
acc("number followed by dot member", A("when env.a == 1.x"), false);
acc("= alone", A("when env.a = 1"), false);
acc("&&", A("when true && true"), false);
acc("!", A("when !true"), false);
acc("!==", A("when env.a !== 1"), false);
acc("<==", A("when env.a <== 1"), false);
acc("=>", A("when env.a => 1"), false);
acc("< =", A("when env.a < = 1"), false);
acc("semicolon", A() + ";", false);
acc("at sign", A("@"), false);
// ---------- §3 grammar
acc("roleDecl simple", "role a", true);
acc("roleDecl includes", "role a includes b, c", true);
acc("roleDecl includes trailing comma", "role a includes b,", false);
acc("roleDecl string names", `role "a b" includes "c d"`, true);
acc("role includes nothing", "role a includes", false);
acc("policy empty", "policy p { }", false);
acc("clause order free", pol("resource * action * subject * allow priority 3"), true);
acc("priority negative", pol("allow priority -5 subject * action * resource *"), true);
acc("priority -0", pol("allow priority -0 subject * action * resource *"), true);
acc("priority frac", pol("allow priority 1.5 subject * action * resource *"), false);
acc("priority 1.0", pol("allow priority 1.0 subject * action * resource *"), false);
acc("priority 2^53-1", pol("allow priority 9007199254740991 subject * action * resource *"), true);
acc("priority -(2^53-1)", pol("allow priority -9007199254740991 subject * action * resource *"), true);
acc("priority 2^53", pol("allow priority 9007199254740992 subject * action * resource *"), false);
acc("priority 2^53+1 (rounds)", pol("allow priority 9007199254740993 subject * action * resource *"), false);
acc("priority string", pol(`allow priority "1" subject * action * resource *`), false);
acc("priority twice", pol("allow priority 1 priority 1 subject * action * resource *"), false);
acc("two effects same", pol("allow allow subject * action * resource *"), false);
acc("two effects diff", pol("allow deny subject * action * resource *"), false);
acc("no effect", pol("subject * action * resource *"), false);
acc("no subject", pol("allow action * resource *"), false);
acc("no action", pol("allow subject * resource *"), false);
acc("no resource", pol("allow subject * action *"), false);
acc("two subjects", pol("allow subject * subject * action * resource *"), false);
acc("two actions", pol("allow subject * action * action * resource *"), false);
acc("two resources", pol("allow subject * action * resource * resource *"), false);
acc("when many", A("when true when true unless false unless false"), true);
acc("subject user list", pol("allow subject user a, b, \"c\" action * resource *"), true);
acc("subject or", pol("allow subject user a or role b, c or group d action * resource *"), true);
acc("subject or *", pol("allow subject user a or * action * resource *"), false);
acc("subject * or", pol("allow subject * or user a action * resource *"), false);
acc("subject quoted star", pol(`allow subject "*" action * resource *`), false);
acc("subject user *", pol(`allow subject user * action * resource *`), false);
acc("subject user empty list", pol(`allow subject user action * resource *`), false);
acc("action star and pattern", pol(`allow subject * action *, "x" resource *`), false);
acc("action quoted star", pol(`allow subject * action "*" resource *`), true);
acc("action ident", pol(`allow subject * action x resource *`), false);
acc("action trailing comma", pol(`allow subject * action "x", resource *`), false);
acc("resource empty string", pol(`allow subject * action * resource ""`), true);
acc("expr test chain", A("when 1 == 1 == 1"), false);
acc("expr paren chain", A("when (1 == 1) == true"), true);
acc("expr not cmp", A("when not 1 == 2"), true);
acc("expr not not", A("when not not true"), true);
acc("list of lists", A("when 1 in [[1]]"), false);
acc("list with path", A("when 1 in [env.a]"), false);
acc("list trailing comma", A("when 1 in [1,]"), false);
acc("empty list", A("when 1 in []"), true);
acc("list operand left", A("when [1] == [1]"), true);
acc("matches path", A("when env.a matches env.b"), false);
acc("matches number", A("when env.a matches 1"), false);
acc("has keyword", A("when env has user"), true);
acc("has string", A(`when env has "a b"`), true);
acc("has number", A("when env has 0"), false);
acc("has path", A("when env has a.b"), false);
acc("has then and", A("when env has a and true"), true);
acc("path keyword member", A("when env.user.when.not == 1"), true);
acc("path index", A(`when env["a"]["b c"].d == 1`), true);
acc("path number index", A(`when env[0] == 1`), false);
acc("path ident index", A(`when env[a] == 1`), false);
acc("path dot string", A(`when env."a" == 1`), false);
acc("path root only", A(`when env == {}`), false);
acc("bare path root", A(`when subject`), true);
acc("unknown root", A(`when user.id == 1`), false);
acc("action alone", A(`when action == "x"`), true);
acc("action member", A(`when action.x == 1`), false);
acc("action index", A(`when action["x"] == 1`), false);
acc("action keyword member", A(`when action.id == 1`), false);
acc("action has x", A(`when action has x`), true);
acc("resource.action member", A(`when resource.action == "x"`), true);
acc("paren empty", A(`when ()`), false);
acc("when empty", A(`when`), false);
acc("literal when", A(`when null`), true);
acc("in non-list literal", A(`when 1 in 2`), true);
acc("in paren", A(`when 1 in (env.a)`), true);
acc("contains list literal", A(`when [1,2] contains 1`), true);
acc("or and chain", A(`when true or false and not true or env.x`), true);
acc("not not path", A(`when not env.a`), true);
acc("not as member", A(`when env.not`), true);
acc("minus path", A(`when -env.a == 1`), false);
// duplicate names
acc("dup names", A() + A(), false);
acc("dup names ident vs string", A() + `policy "p" { deny subject * action * resource * }`, false);
acc("dup names across sources", [{ name: "a", text: A() }, { name: "b", text: A() }], false);
acc("names differ by case", A() + `policy P { deny subject * action * resource * }`, true);
acc("empty policy name", `policy "" { deny subject * action * resource * }`, undefined);
// roles
acc("role dup", "role a role a", false);
acc("role dup across sources", [{ name: "a", text: "role a" }, { name: "b", text: "role a" }], false);
acc("role self cycle", "role a includes a", false);
acc("role cycle 2", "role a includes b role b includes a", false);
acc("role cycle 3 across sources", [{ name: "a", text: "role a includes b" }, { name: "b", text: "role b includes c role c includes a" }], false);
acc("role includes undeclared", "role a includes b", undefined);
acc("subject role undeclared", pol("allow subject role nobody action * resource *"), undefined);
acc("role includes dup entries", "role a includes b, b", undefined);
acc("role diamond", "role a includes b, c role b includes d role c includes d role d", true);
acc("role and policy same name", "role p " + A(), true);
// depth limits
const nest = (k: number, open = "(", close = ")") => open.repeat(k) + "true" + close.repeat(k);
acc("paren 64", A("when " + nest(64)), true);
acc("paren 65", A("when " + nest(65)), false);
acc("not 64", A("when " + "not ".repeat(64) + "true"), true);
acc("not 65", A("when " + "not ".repeat(65) + "true"), false);
acc("mixed 32+32", A("when " + "not (".repeat(32) + "true" + ")".repeat(32)), true);
acc("mixed 32+33", A("when " + "not (".repeat(32) + "not true" + ")".repeat(32)), false);
acc("paren 64 right operand", A("when true and " + nest(64)), true);
acc("paren 64 in cmp", A("when 1 == " + "(".repeat(64) + "1" + ")".repeat(64)), true);
acc("paren 65 in cmp", A("when 1 == " + "(".repeat(65) + "1" + ")".repeat(65)), false);
acc("sequential 64s", A("when " + nest(64) + " and " + nest(64)), true);
acc("100000 parens", A("when " + "(".repeat(100000)), false);
acc("100000 parens closed", A("when " + nest(100000)), false);
acc("100000 nots", A("when " + "not ".repeat(100000) + "true"), false);
acc("list brackets 100000", A("when 1 in " + "[".repeat(100000)), false);
// size limits
const bigStr = (bytes: number) => pol(`allow subject user "${"a".repeat(bytes)}" action * resource *`);
acc("string 65536 bytes", bigStr(65536), true);
acc("string 65537 bytes", bigStr(65537), false);
acc("string 65534 + escape", pol(`allow subject user "${"a".repeat(65534)}\\n" action * resource *`), true); // raw 65536
acc("string 65535 + escape", pol(`allow subject user "${"a".repeat(65535)}\\n" action * resource *`), false); // raw 65537, decoded 65536
acc("string multibyte 21845*3+1", pol(`allow subject user "${"€".repeat(21845)}a" action * resource *`), true); // 65536 bytes
acc("string multibyte 21845*3+2", pol(`allow subject user "${"€".repeat(21845)}aa" action * resource *`), false);
const MiB8 = 8 * 1024 * 1024;
{ const base = A(); acc("source exactly 8MiB", base + "#".repeat(MiB8 - base.length), true); acc("source 8MiB+1", base + "#".repeat(MiB8 - base.length + 1), false); }
{ const base = A(); acc("source 8MiB in multibyte (chars<8Mi, bytes>8MiB)", base + "#" + "é".repeat((MiB8 - base.length) / 2 + 1), false); }
// glob limits
const actG = (g: string) => pol(`allow subject * action ${JSON.stringify(g)} resource *`);
const resG = (g: string) => pol(`allow subject * action * resource ${JSON.stringify(g)}`);
const matG = (g: string) => A(`when env.a matches ${JSON.stringify(g)}`);
for (const [f, nm] of <[(g: string) => string, string][]>[[actG, "action"], [resG, "resource"], [matG, "matches"]]) {
  acc(`${nm} glob 1024`, f("a".repeat(1024)), true);
  acc(`${nm} glob 1025`, f("a".repeat(1025)), false);
  acc(`${nm} 8 globstars`, f(Array(8).fill("**").join("/")), true);
  acc(`${nm} 9 globstars`, f(Array(9).fill("**").join("/")), false);
  acc(`${nm} 9 globstars in one segment`, f("a" + "**".repeat(9)), false);
  acc(`${nm} brace 1000`, f("{1..1000}"), true);
  acc(`${nm} brace 1001`, f("{1..1001}"), false);
  acc(`${nm} brace 10x10x10`, f("{0,1,2,3,4,5,6,7,8,9}{0,1,2,3,4,5,6,7,8,9}{0,1,2,3,4,5,6,7,8,9}"), true);
  acc(`${nm} brace 10x10x10+1`, f("{0,1,2,3,4,5,6,7,8,9}{0,1,2,3,4,5,6,7,8,9}{0,1,2,3,4,5,6,7,8,9,a}"), false);
  acc(`${nm} brace 2^10`, f("{a,b}".repeat(10)), false);
  acc(`${nm} brace 2^9`, f("{a,b}".repeat(9)), true);
  acc(`${nm} escaped braces 2^10`, f("\\{a,b\\}".repeat(10)), true);
  acc(`${nm} brace huge`, f("{1..100000}{1..100000}"), false);
  acc(`${nm} nested brace 1001`, f("{a,{1..1000}}"), false);
  acc(`${nm} brace a..z x 40`, f("{a..z}{a..z}"), true);
  acc(`${nm} brace a..z x3`, f("{a..z}{a..z}{a..z}"), false);
}
acc("glob 1024 with multibyte (UTF16 1024)", actG("é".repeat(1024)), true);
acc("glob 513 astral = 1026 units", actG("💥".repeat(513)), false);
acc("glob 1024 chars as escapes", pol(`allow subject * action "${"\\u0061".repeat(1024)}" resource *`), true);
acc("glob ***x4 (8 by overlap, 4 by split?)", actG("***/***/***/***"), undefined);
acc("glob *** x5", actG("***/***/***/***/***"), undefined);
acc("matches 1025 in second pattern", resG("x") .replace(`"x"`, `"x", "${"a".repeat(1025)}"`), false);
// interpolation static rules
acc("interp in resource", resG("a/${subject.id}"), true);
acc("interp deep", resG("a/${subject.org.id}"), true);
acc("interp keyword member", resG("a/${subject.user}"), true);
acc("interp in matches", matG("a/${subject.id}"), true);
acc("interp in action", actG("a/${subject.id}"), false);
acc("dollar brace in action", actG("a${x"), false);
acc("dollar in action", actG("a$x"), true);
acc("dollar at end in action", actG("a$"), true);
for (const bi of ["${subject}", "${env.x}", "${subject.}", "${ subject.id}", "${subject.a b}", "${subject.id", "${resource.id}", "${subject.1}", "${}", "${subject..id}", '${subject["id"]}', "${subject.id }", "${subject.a-b}", "${action}", "${subject.é}", "$${subject.x", "${{subject.id}}"]) {
  acc(`bad interp resource ${bi}`, resG("a/" + bi), false);
  acc(`bad interp matches ${bi}`, matG("a/" + bi), false);
}
acc("interp two in one", resG("${subject.a}/${subject.b}"), true);
acc("interp adjacent $$", resG("$${subject.a}"), true);
acc("interp in literal string (not glob)", A(`when env.a == "\${subject}"`), true);
acc("interp in has string", A(`when env has "\${subject}"`), true);
acc("interp in policy name", `policy "\${x}" { allow subject * action * resource * }`, true);
acc("interp in user name", pol(`allow subject user "\${x}" action * resource *`), true);
acc("interp via escape \\u0024", pol(`allow subject * action * resource "\\u0024{subject}"`), false);
acc("interp via escape in action", pol(`allow subject * action "\\u0024{subject.id}" resource *`), false);
acc("interp in brace", resG("{a,${subject.id}}"), true);
// minimatch quirks are not compile errors
acc("unclosed bracket", actG("[abc"), true);
acc("unclosed brace", actG("{a,b"), true);
acc("extglob text", actG("+(a|b)"), true);
acc("negation text", actG("!a"), true);
}

// ---------------------------------------------------------------- hand_eval.mjs
{
const pol = (body: string, name = "p") => `policy ${name} { ${body} }`;
const A = (extra = "", name = "p") => pol(`allow subject * action * resource * ${extra}`, name);
const D = (extra = "", name = "d") => pol(`deny subject * action * resource * ${extra}`, name);
const S = { id: "alice", roles: ["viewer"], groups: ["staff"] };
const R = (env: unknown, subject: unknown = S, resource = "r", action = "a") => [subject, resource, action, env];

// ---------- §4 malformed requests
ev("subject null", A(), [null, "r", "a"], "deny/null/E");
ev("subject array", A(), [[], "r", "a"], "deny/null/E");
ev("subject class", A(), [new (class X {})(), "r", "a"], "deny/null/E");
ev("subject Date", A(), [new Date(), "r", "a"], "deny/null/E");
ev("subject null proto", A(), [Object.create(null), "r", "a"], "allow/p/-");
ev("subject string", A(), ["alice", "r", "a"], "deny/null/E");
ev("subject cross-proto obj", A(), [Object.create({}), "r", "a"], "deny/null/E");
ev("subject function", A(), [() => 1, "r", "a"], "deny/null/E");
ev("resource number", A(), [S, 1, "a"], "deny/null/E");
ev("resource obj without id", A(), [S, {}, "a"], "deny/null/E");
ev("resource id number", A(), [S, { id: 1 }, "a"], "deny/null/E");
ev("resource id getter", A(), [S, Object.defineProperty({}, "id", { get: () => "r", enumerable: true }), "a"], "deny/null/E");
ev("resource id inherited", A(), [S, Object.create({ id: "r" }), "a"], "deny/null/E");
ev("resource class instance", A(), [S, new (class X { id = "r"; })(), "a"], "deny/null/E");
ev("resource String object", A(), [S, new String("r"), "a"], "deny/null/E");
ev("resource null-proto", A(), [S, Object.assign(Object.create(null), { id: "r" }), "a"], "allow/p/-");
ev("action number", A(), [S, "r", 1], "deny/null/E");
ev("action undefined", A(), [S, "r", undefined], "deny/null/E");
ev("action String object", A(), [S, "r", new String("a")], "deny/null/E");
ev("env null", A(), [S, "r", "a", null], "deny/null/E");
ev("env array", A(), [S, "r", "a", []], "deny/null/E");
ev("env Map", A(), [S, "r", "a", new Map()], "deny/null/E");
ev("env undefined", A("when env == env"), [S, "r", "a", undefined], "allow/p/-");
ev("malformed even with no policy", "", [null, "r", "a"], "deny/null/E");
ev("no policies", "", [S, "r", "a"], "notapplicable/null/-");
ev("subject proxy throwing getPrototypeOf", A(), [new Proxy({}, { getPrototypeOf() { throw new Error("x"); } }), "r", "a"], "deny/null/E");
// ---------- §4.1 subject targets
const T = (subj: string, name = "p", eff = "allow") => pol(`${eff} subject ${subj} action * resource *`, name);
ev("user match", T("user alice"), [S, "r", "a"], "allow/p/-");
ev("user miss", T("user bob"), [S, "r", "a"], "notapplicable/null/-");
ev("user list", T("user bob, alice"), [S, "r", "a"], "allow/p/-");
ev("user missing id", T("user alice"), [{}, "r", "a"], "notapplicable/null/-");
ev("user id number (allow)", T("user alice"), [{ id: 1 }, "r", "a"], "notapplicable/null/E");
ev("user id number (deny)", T("user alice", "d", "deny"), [{ id: 1 }, "r", "a"], "deny/d/E");
ev("user id null (deny)", T("user alice", "d", "deny"), [{ id: null }, "r", "a"], "deny/d/E");
ev("user id undefined own (deny)", T("user alice", "d", "deny"), [{ id: undefined }, "r", "a"], undefined);
ev("user id getter = missing (deny)", T("user alice", "d", "deny"), [Object.defineProperty({}, "id", { get: () => "alice" }), "r", "a"], "notapplicable/null/-");
ev("user id inherited = missing", T("user alice"), [Object.create({ id: "alice" }), "r", "a"], "deny/null/E");
ev("user id non-enumerable own", T("user alice"), [Object.defineProperty({}, "id", { value: "alice" }), "r", "a"], "allow/p/-");
ev("user name * is literal", T(`user "*"`), [S, "r", "a"], "notapplicable/null/-");
ev("role direct", T("role viewer"), [S, "r", "a"], "allow/p/-");
ev("role via include", "role editor includes viewer " + T("role viewer"), [{ roles: ["editor"] }, "r", "a"], "allow/p/-");
ev("role include is not reverse", "role editor includes viewer " + T("role editor"), [{ roles: ["viewer"] }, "r", "a"], "notapplicable/null/-");
ev("role transitive", "role admin includes editor role editor includes viewer " + T("role viewer"), [{ roles: ["admin"] }, "r", "a"], "allow/p/-");
ev("role transitive across sources", [{ name: "a", text: "role admin includes editor" }, { name: "b", text: "role editor includes viewer " + T("role viewer") }], [{ roles: ["admin"] }, "r", "a"], "allow/p/-");
ev("role include of undeclared", "role admin includes ghost " + T("role ghost"), [{ roles: ["admin"] }, "r", "a"], "allow/p/-");
ev("role string (deny) must not be dodged", T("role suspended", "d", "deny"), [{ roles: "suspended" }, "r", "a"], "deny/d/E");
ev("role array with number (deny)", T("role suspended", "d", "deny"), [{ roles: ["x", 1] }, "r", "a"], "deny/d/E");
// biome-ignore lint/suspicious/noSparseArray: the hole is the case (no own property 0)
ev("role array with hole (deny)", T("role suspended", "d", "deny"), [{ roles: [, "x"] }, "r", "a"], "deny/d/E");
ev("role array-like object (deny)", T("role suspended", "d", "deny"), [{ roles: { 0: "suspended", length: 1 } }, "r", "a"], "deny/d/E");
ev("role missing (deny)", T("role suspended", "d", "deny"), [{}, "r", "a"], "notapplicable/null/-");
ev("role null (deny)", T("role suspended", "d", "deny"), [{ roles: null }, "r", "a"], "deny/d/E");
ev("role empty array", T("role suspended", "d", "deny"), [{ roles: [] }, "r", "a"], "notapplicable/null/-");
ev("roles getter (deny) is missing", T("role suspended", "d", "deny"), [Object.defineProperty({}, "roles", { get: () => ["suspended"] }), "r", "a"], "notapplicable/null/-");
ev("roles element getter (deny)", T("role suspended", "d", "deny"), [{ roles: Object.defineProperty(["x"], 0, { get: () => "suspended" }) }, "r", "a"], undefined);
ev("roles proxy array", T("role suspended", "d", "deny"), [{ roles: new Proxy(["suspended"], {}) }, "r", "a"], undefined);
ev("roles subclass array (deny)", T("role suspended", "d", "deny"), [{ roles: Object.setPrototypeOf(["suspended"], Object.create(Array.prototype)) }, "r", "a"], undefined);
ev("group match", T("group staff"), [S, "r", "a"], "allow/p/-");
ev("group no hierarchy", "role staff includes x " + T("group x"), [S, "r", "a"], "notapplicable/null/-");
ev("group string (deny)", T("group bad", "d", "deny"), [{ groups: "bad" }, "r", "a"], "deny/d/E");
ev("or alternatives: first errs, second matches (allow)", T("user alice or group staff"), [{ id: 1, groups: ["staff"] }, "r", "a"], undefined);
ev("or alternatives: first matches, second errs (allow)", T("user alice or role x"), [{ id: "alice", roles: "x" }, "r", "a"], undefined);
ev("or alternatives: miss + err (deny)", T("user bob or role x", "d", "deny"), [{ id: "alice", roles: "x" }, "r", "a"], "deny/d/E");
ev("user target, malformed roles irrelevant", T("user alice"), [{ id: "alice", roles: 5 }, "r", "a"], "allow/p/-");
ev("subject * with malformed roles", T("*"), [{ roles: 5 }, "r", "a"], "allow/p/-");
ev("role target with malformed id", T("role viewer"), [{ id: 5, roles: ["viewer"] }, "r", "a"], "allow/p/-");
// ---------- §4.1 patterns
const P = (act: string, res: string, name = "p") => pol(`allow subject * action ${act} resource ${res}`, name);
const G = (glob: string, str: string) => ev(`glob ${JSON.stringify(glob)} vs ${JSON.stringify(str)}`, P("*", JSON.stringify(glob)), [S, str, "a"]);
for (const [g, s] of <[string, string][]>[["*", "a"], ["*", "a/b"], ["*", ".x"], ["*", "."], ["*", ".."], ["**", "a/b/c"], ["**", "a/./b"], ["**", "a/../b"], ["**", "."], ["**", ""], ["*", ""], ["a/*", "a/"], ["a/**", "a"], ["a/**", "a/"], ["a//b", "a//b"], ["a/b", "a//b"], ["a//*", "a//b"], ["a/*/b", "a//b"], ["**/b", "a//b"], ["a/**/b", "a///b"],
  ["\"*\"", "x"], ["x?", "x/"], ["[a-c]", "b"], ["[!a]", "b"], ["[^a]", "a"], ["{a,b}", "b"], ["{a,b}", "{a,b}"], ["!a", "!a"], ["!a", "b"], ["#a", "#a"], ["+(a)", "+(a)"], ["+(a)", "a"], ["@(a|b)", "a"], ["a\\*", "a*"], ["a\\*", "ab"], ["[[:alpha:]]", "é"], ["*.md", ".md"], ["**/.ssh/**", "/home/u/.ssh/k"], ["**/.ssh/**", "a/.ssh/"], ["**/*.pem", ".pem"], ["**/*.pem", "a/.pem"], ["/**", "/"], ["/**", "//"], ["**", "/"], ["*/", "a/"], ["./a", "a"], ["./a", "./a"], ["a/./b", "a/b"], ["a/../b", "b"], ["a/.*", "a/.x"], ["a/.*", "a/.."], ["a/*", "a/.."], ["a/**/c", "a/../c"], ["a/**", "a/.."], ["a/**/c", "a/./c"], ["[.]*", ".x"], ["?", "."], ["*x", ".x"], ["{1..3}", "2"], ["{a..c}", "b"], ["{,a}b", "b"], ["a{,/b}", "a/b"], ["A", "a"], ["**/", "a/"], ["/home/*/a", "/home//a"], ["tool:*", "tool:a/b"], ["**/x", "x"], ["\\", "\\"], ["a\\", "a\\"], ["[", "["], ["[]", "[]"], ["[]]", "]"], ["[z-a]", "m"], ["*(a)", "aa"], ["?(a)", ""], ["{a,b", "{a,b"], ["}", "}"], ["a/**/**/b", "a/b"], ["**/**", "x/.y"], ["💥*", "💥x"], ["?", "💥"], ["??", "💥"]]) G(g, s);
ev("action bare * vs empty", P("*", "*"), [S, "r", ""], "allow/p/-");
ev("action quoted * vs empty", P(`"*"`, "*"), [S, "r", ""]);
ev("action quoted * vs a/b", P(`"*"`, "*"), [S, "r", "a/b"], "notapplicable/null/-");
ev("resource bare * vs a/b", P("*", "*"), [S, "a/b", "a"], "allow/p/-");
ev("resource any of patterns", P("*", `"x", "r"`), [S, "r", "a"], "allow/p/-");
// ---------- §4.2 conditions
const W = (cond: string, env: unknown, subject: unknown = S, resource: unknown = "r") => ev(`when ${cond} :: ${(() => { try { return JSON.stringify(env); } catch { return String(env); } })()}`, A(`when ${cond}`), [subject, resource, "a", env]);
const cases = [
  ["env.a.b == 1", {}], ["env.a.b == 1", { a: 1 }], ["env.a.b == 1", { a: [1] }], ["env.a.b == 1", { a: { b: 1 } }],
  ["subject.constructor == 1", {}], ['subject["__proto__"] == 1', {}], ["subject.toString == 1", {}], ["env.hasOwnProperty == 1", {}],
  ['env["__proto__"] == 1', JSON.parse('{"__proto__": 1}')], ["env.constructor == 1", { constructor: 1 }],
  ['subject.roles["0"] == "viewer"', {}], ["subject.roles.length == 1", {}], ["subject.id.length == 5", {}],
  ["1 == \"1\"", {}], ["-0 == 0", {}], ["0 == -0.0", {}], ["1 == 1.0", {}], ["null == false", {}], ["null == null", {}],
  ["[1,2] == [1,2]", {}], ["[1,2] == [2,1]", {}], ["[] == []", {}], ["env.o == env.p", { o: { a: 1, b: 2 }, p: { b: 2, a: 1 } }], ["env.o == env.p", { o: { a: 1 }, p: { a: 1, b: undefined } }],
  ["env.o == env.p", { o: {}, p: [] }], ["env.o == env.p", { o: { a: [1, { b: 2 }] }, p: { a: [1, { b: 2 }] } }], ["env.o == env.p", { o: { 0: 1 }, p: [1] }],
  ["env.o != env.p", { o: 1, p: "1" }], ["env.o == env.p", { o: Object.create(null), p: {} }],
  ["env.x == 1", { x: NaN }], ["env.x == 1", { x: Infinity }], ["env.x == 1", { x: undefined }], ["env.x == 1", { x: () => 1 }], ["env.x == 1", { x: 1n }], ["env.x == 1", { x: new Date() }], ["env.x == 1", { x: Symbol() }],
  ["env.x != 1", { x: NaN }],
  ["1 < 2", {}], ["\"a\" < \"b\"", {}], ["\"B\" < \"a\"", {}], ["\"\uffff\" < \"\ud83d\udca5\"", {}], ["1 < \"2\"", {}], ["null < 1", {}], ["true < false", {}], ["[1] < [2]", {}], ["1 <= 1", {}], ["-0 >= 0", {}], ["\"\" < \"a\"", {}],
  ["1 in [1, 2]", {}], ["\"1\" in [1]", {}], ["1 in 1", {}], ["1 in \"1\"", {}], ["1 in env.a", { a: { 0: 1 } }], ["env.a in [[1]]", { a: [1] }], ["env.a in env.l", { a: { x: 1 }, l: [{ x: 1 }] }], ["null in [null]", {}], ["0 in [-0]", {}],
  ["[1,2] contains 1", {}], ["\"abc\" contains \"b\"", {}], ["\"abc\" contains \"\"", {}], ["\"abc\" contains 1", {}], ["1 contains 1", {}], ["env.o contains \"a\"", { o: { a: 1 } }], ["\"a1\" contains [1]", {}], ["env.l contains env.x", { l: [[1]], x: [1] }],
  ["env.s matches \"a*\"", { s: "ab" }], ["env.s matches \"a*\"", { s: 1 }], ["env.s matches \"a*\"", {}], ["1 matches \"*\"", {}], ["env.s matches \"*\"", { s: "a/b" }], ["env.s matches \"**\"", { s: "a/b" }], ["env.s matches \"\"", { s: "" }],
  ["env has a", { a: 1 }], ["env has a", {}], ["env.x has a", {}], ["env.x has a", { x: [1] }], ["env.x has length", { x: [1] }], ["env.x has a", { x: "a" }], ["env has constructor", {}], ["env has a", Object.defineProperty({}, "a", { get: () => 1 })], ["env has a", { a: undefined }], ["env has a", { a: NaN }],
  ["(env.q) has a", {}], ["(1 < \"a\") has a", {}], ["(env.x == 1) has a", {}], ["not (env has a)", {}], ["env.x.y has a", { x: null }], ["1 has a", {}], ["[1] has a", {}], ["action has length", {}], ["resource has id", {}], ["subject has id", {}],
  ["not true", {}], ["not 1", {}], ["not env.q", {}], ["true and 1", {}], ["false and 1", {}], ["1 and false", {}], ["true or 1", {}], ["false or 1", {}], ["1 or true", {}], ["env.q and false", {}], ["false and env.q", {}], ["true or env.q", {}], ["env.q or true", {}], ["not not env.b", { b: true }],
  ["null", {}], ["1", {}], ["\"true\"", {}], ["env.b", { b: true }], ["env.b", { b: "true" }], ["env.b", { b: 1 }],
  ["resource.id == \"r\"", {}], ["resource == env.o", { o: { id: "r" } }], ["action == \"a\"", {}], ["env == env", undefined], ["env.x == 1", undefined],
  ["subject.id == subject[\"id\"]", {}], ["env[\"a.b\"] == 1", { "a.b": 1 }], ["env.a.b == 1", { "a.b": 1 }], ["env[\"\"] == 1", { "": 1 }],
  ["env.a == \"é\"", { a: "e\u0301" }], ["env.a == \"\\ud83d\\udca5\"", { a: "💥" }],
  ["env.p < 1", { p: -0 }], ["env.n == 1e21", {}],
  ["env.o == env.o", { o: Object.defineProperty({}, "a", { get: () => 1, enumerable: true }) }], ["env.o == env.p", { o: Object.defineProperty({}, "a", { get: () => 1, enumerable: true }), p: {} }],
  ["env.o == env.p", { o: Object.defineProperty({ a: 1 }, "b", { value: 2, enumerable: false }), p: { a: 1 } }],
  ["env.o == env.p", { o: { [Symbol("s")]: 1 }, p: {} }],
];
for (const [c, env] of cases) W(c, env);
// deny with erroring conditions
ev("deny erring when applies", D("when env.q == 1"), R({}), "deny/d/E");
ev("deny erring when + false when", D("when env.q == 1 when false"), R({}), "notapplicable/null/E");
ev("deny erring unless applies", D("unless env.q == 1"), R({}), "deny/d/E");
ev("deny unless true", D("unless true"), R({}), "notapplicable/null/-");
ev("allow erring when", A("when env.q == 1"), R({}), "notapplicable/null/E");
ev("allow when false then erring when", A("when false when env.q == 1"), R({}), "notapplicable/null/E");
ev("target false hides errors", pol("allow subject user zz action * resource * when env.q"), R({}), "notapplicable/null/-");
ev("target false hides errors (deny, subject err but action false)", pol(`deny subject user zz action "x" resource *`, "d"), [{ id: 1 }, "r", "a"], "notapplicable/null/-");
ev("deny err target + false when", pol(`deny subject user zz action * resource * when false`, "d"), [{ id: 1 }, "r", "a"], "notapplicable/null/E");
ev("unless non-boolean", A("unless 1"), R({}), "notapplicable/null/E");
// ---------- §4.3 interpolation
const I = (pat: string, subj: Record<string, unknown>, rid: string, label?: string) => ev(`interp ${pat} id=${JSON.stringify(subj.id)} rid=${rid} ${label ?? ""}`, P("*", JSON.stringify(pat)), [subj, rid, "a"]);
const ID = (id: unknown, pat: string, rid: string) => I(pat, { id }, rid);
ID("bob", "/home/${subject.id}/**", "/home/bob/x");
ID("bob", "/home/${subject.id}/**", "/home/alice/x");
ID("*", "/home/${subject.id}/**", "/home/alice/x");
ID("*", "/home/${subject.id}/**", "/home/*/x");
ID("{alice,bob}", "/home/${subject.id}/x", "/home/alice/x");
ID("{alice,bob}", "/home/${subject.id}/x", "/home/{alice,bob}/x");
ID("a,b", "{x,${subject.id}}", "a,b");
ID("a,b", "{x,${subject.id}}", "a");
ID("a,b", "{x,${subject.id}}", "x");
ID("a}b", "{x,${subject.id}}", "a}b");
ID("a}b", "{x,${subject.id}}", "x");
ID("a{b", "{x,${subject.id}}", "a{b");
ID("?", "h/${subject.id}", "h/a");
ID("[a]", "h/${subject.id}", "h/a");
ID("[a]", "h/${subject.id}", "h/[a]");
ID("\\", "h/${subject.id}", "h/\\");
ID("a\\", "h/${subject.id}*", "h/a\\x");
ID("\\*", "h/${subject.id}", "h/*");
ID("\\*", "h/${subject.id}", "h/\\*");
ID("**", "h/${subject.id}/x", "h/a/b/x");
ID("**", "h/${subject.id}/x", "h/**/x");
ID(".x", "h/${subject.id}", "h/.x");
ID(".", "h/${subject.id}", "h/.");
ID("..", "h/${subject.id}", "h/..");
ID("...", "h/${subject.id}", "h/...");
ID("a/b", "h/${subject.id}", "h/a/b");
ID("", "h/${subject.id}", "h/");
ID(7, "h/${subject.id}", "h/7");
ID(-0, "h/${subject.id}", "h/0");
ID(-0, "h/${subject.id}", "h/-0");
ID(1.5, "h/${subject.id}", "h/1.5");
ID(1e21, "h/${subject.id}", "h/1e+21");
ID(1e-7, "h/${subject.id}", "h/1e-7");
ID(NaN, "h/${subject.id}", "h/NaN");
ID(Infinity, "h/${subject.id}", "h/Infinity");
ID(true, "h/${subject.id}", "h/true");
ID(null, "h/${subject.id}", "h/null");
ID(["a"], "h/${subject.id}", "h/a");
ID(undefined, "h/${subject.id}", "h/undefined");
ID("x y", "h/${subject.id}", "h/x y");
ID("a-b", "t/[[:alpha:]]${subject.id}", "t/ba-b");
ID("x,y", "t/[[:alpha:]]${subject.id}", "t/bx,y");
ID("a b", "t/[[:alpha:]]${subject.id}", "t/ba b");
ID("#", "t/[[:alpha:]]${subject.id}", "t/b#");
ID("]", "/h/[x${subject.id}", "/h/[x]");
ID("]", "/h/[x${subject.id}", "/h/x");
ID("!a", "/h/[${subject.id}]", "/h/b");
ID("!a", "/h/[${subject.id}]", "/h/[!a]");
ID("a", "/h/[ab]${subject.id}", "/h/aa");
ID("💥", "h/${subject.id}?", "h/💥x");
ID("(a|b)", "h/+${subject.id}", "h/+(a|b)");
ID("(a|b)", "h/@${subject.id}", "h/a");
ID("\u0000", "h/${subject.id}", "h/\u0000");
ID("$", "h/${subject.id}", "h/$");
ID("${subject.id}", "h/${subject.id}", "h/${subject.id}");
I("h/${subject.org.id}", { org: { id: "acme" } }, "h/acme");
I("h/${subject.org.id}", { org: "acme" }, "h/acme");
I("h/${subject.org.id}", { org: ["acme"] }, "h/acme");
I("h/${subject.org.id}", {}, "h/acme");
I("h/${subject.id}", Object.defineProperty({}, "id", { get: () => "bob" }), "h/bob");
I("h/${subject.a}/${subject.b}", { a: "x", b: "y" }, "h/x/y");
I("h/${subject.a}${subject.b}", { a: "x", b: "y" }, "h/xy");
I("h/${subject.a}${subject.b}", { a: "x*", b: "y" }, "h/xzy");
ev("interp err, other pattern matches (allow)", P("*", `"h/\${subject.id}", "r"`), [{}, "r", "a"], "allow/p/-");
ev("interp err, no other (deny applies)", pol(`deny subject * action * resource "h/\${subject.id}", "zz"`, "d"), [{}, "r", "a"], "deny/d/E");
ev("interp err (allow) errors", P("*", `"h/\${subject.id}"`), [{}, "r", "a"], "notapplicable/null/E");
ev("interp in matches err", A(`when env.s matches "h/\${subject.id}"`), [{}, "r", "a", { s: "h/x" }], "notapplicable/null/E");
ev("interp in matches not-err when s errs first", A(`when env.s matches "h/\${subject.id}"`), [{}, "r", "a", {}], "notapplicable/null/E");
ev("interp in matches ok", A(`when env.s matches "h/\${subject.id}/**"`), [{ id: "u" }, "r", "a", { s: "h/u/a/b" }], "allow/p/-");
ev("interp literal in == string", A(`when env.s == "\${subject.id}"`), [{ id: "u" }, "r", "a", { s: "${subject.id}" }], "allow/p/-");
// ---------- §5 decisions
ev("deny overrides at same priority", A("", "a") + D("", "d"), R({}), "deny/d/-");
ev("higher allow beats lower deny", pol("allow priority 2 subject * action * resource *", "a") + D("", "d"), R({}), "allow/a/-");
ev("first in set order among deciding", A("", "a1") + A("", "a2"), R({}), "allow/a1/-");
ev("first deny in set order", D("", "d1") + A("", "a") + D("", "d2"), R({}), "deny/d1/-");
ev("set order across sources", [{ name: "z", text: D("", "dz") }, { name: "a", text: D("", "da") }], R({}), "deny/dz/-");
ev("errors only from >= priority", pol("allow priority 5 subject * action * resource *", "hi") + pol("deny priority 1 subject * action * resource * when env.q", "lo"), R({}), "allow/hi/-");
ev("errors from equal priority allow", A("", "a") + A("when env.q", "b"), R({}), "allow/a/E");
ev("errors from higher non-applying", pol("allow priority 9 subject * action * resource * when env.q", "hi") + A("", "a"), R({}), "allow/a/E");
ev("errors with notapplicable any priority", pol("allow priority -9 subject * action * resource * when env.q", "lo"), R({}), "notapplicable/null/E");
ev("negative priority below default", pol("deny priority -1 subject * action * resource *", "d") + A("", "a"), R({}), "allow/a/-");
ev("priority -0 equals 0", pol("deny priority -0 subject * action * resource *", "d") + A("", "a"), R({}), "deny/d/-");
ev("huge priorities", pol("deny priority -9007199254740991 subject * action * resource *", "d") + pol("allow priority 9007199254740991 subject * action * resource *", "a"), R({}), "allow/a/-");
ev("erring deny beaten by higher allow", pol("allow priority 1 subject * action * resource *", "a") + D("when env.q", "d"), R({}), "allow/a/-");
ev("erring deny, lower allow", A("", "a") + pol("deny priority 1 subject * action * resource * when env.q", "d"), R({}), "deny/d/E");
// ---------- added with mcpolicy's mutation testing (not from hand_eval.mjs), values read from the spec
// §4.2 ordering operators at equality, where the comparison is not the whole condition
// (nested in `not`, `and`, `or`, `==`): each must give its own answer for equal operands.
const E = (label: string, cond: string, env: unknown, expected: string, subject: unknown = S) =>
  ev(`ordering at equality: when ${cond} :: ${label}`, A(`when ${cond}`), [subject, "r", "a", env], expected);
for (const [op, atEquality] of [["<", false], ["<=", true], [">", false], [">=", true]] as const) {
  const yes = "allow/p/-";
  const no = "notapplicable/null/-";
  E("n=5", `not (env.n ${op} 5)`, { n: 5 }, atEquality ? no : yes);
  E("n=5, flag", `env.n ${op} 5 and env.flag`, { n: 5, flag: true }, atEquality ? yes : no);
  E("n=5, flag", `env.flag and 5 ${op} env.n`, { n: 5, flag: true }, atEquality ? yes : no);
  E("n=5, no flag", `env.flag or env.n ${op} 5`, { n: 5, flag: false }, atEquality ? yes : no);
  E("n=5, no flag", `env.n ${op} 5 or env.flag`, { n: 5, flag: false }, atEquality ? yes : no);
  E("n=2.5", `(env.n ${op} 2.5) == true`, { n: 2.5 }, atEquality ? yes : no);
  E("n=-0", `not (env.n ${op} 0)`, { n: -0 }, atEquality ? no : yes);
  E("literals", `not (1 ${op} 1) or false`, {}, atEquality ? no : yes);
  E("s=b", `not (env.s ${op} "b")`, { s: "b" }, atEquality ? no : yes);
  E("s=b, flag", `env.s ${op} "b" and env.flag`, { s: "b", flag: true }, atEquality ? yes : no);
  E("s=b, no flag", `env.flag or env.s ${op} "b"`, { s: "b", flag: false }, atEquality ? yes : no);
  E("s=empty", `not (env.s ${op} "")`, { s: "" }, atEquality ? no : yes);
  E("subject.level=3", `not (subject.level ${op} 3)`, {}, atEquality ? no : yes, { ...S, level: 3 });
  E("subject.level=3, flag", `subject.level ${op} env.n and env.flag`, { n: 3, flag: true }, atEquality ? yes : no, { ...S, level: 3 });
  // Mismatched kinds err wherever the comparison stands.
  E("n=5 vs \"5\"", `not (env.n ${op} "5")`, { n: 5 }, "notapplicable/null/E");
  E("n=5 vs \"5\", flag", `env.n ${op} "5" and env.flag`, { n: 5, flag: true }, "notapplicable/null/E");
  E("null vs null, no flag", `env.flag or env.x ${op} null`, { x: null, flag: false }, "notapplicable/null/E");
  E("true vs true", `not (env.b ${op} true)`, { b: true }, "notapplicable/null/E");
}
// §4.2 a path steps only through plain objects: one level down, a class instance or an array
// holding the next member as an own data property errs all the same.
class Args {
  path = "/tmp/x";
}
class Org {
  id = "acme";
}
ev("path through a class instance: env.arguments.path", A(`when env.arguments.path == "/tmp/x"`), R({ arguments: new Args() }), "notapplicable/null/E");
ev("path through an array with a named key: env.arguments.path", A(`when env.arguments.path == "/tmp/x"`), R({ arguments: Object.assign(["/tmp/x"], { path: "/tmp/x" }) }), "notapplicable/null/E");
ev("path through a class instance: subject.org.id", A(`when subject.org.id == "acme"`), R({}, { ...S, org: new Org() }), "notapplicable/null/E");
ev("path through an array with a named key: subject.org.id", A(`when subject.org.id == "acme"`), R({}, { ...S, org: Object.assign(["acme"], { id: "acme" }) }), "notapplicable/null/E");
ev("path through a plain object: env.arguments.path", A(`when env.arguments.path == "/tmp/x"`), R({ arguments: { path: "/tmp/x" } }), "allow/p/-");
// §4.1 a literal action pattern matches the action with one trailing `/` (minimatch), also on
// a resource id the engine has never seen, in a set whose actions are all literal.
const TS = (action: string, patterns: string, expected: string, resource = "doc:never-seen") =>
  ev(`trailing slash: action ${JSON.stringify(action)} vs ${patterns} on ${resource}`, pol(`allow subject * action ${patterns} resource *`), [S, resource, action, {}], expected);
TS("tools/call/", `"tools/call"`, "allow/p/-");
TS("tools/call/", `"tools/call", "tools/list"`, "allow/p/-");
TS("read/", `"read"`, "allow/p/-");
TS("read/", `"read"`, "allow/p/-", "tool:x");
TS("tools/call//", `"tools/call"`, "notapplicable/null/-");
TS("tools/call", `"tools/call/"`, "notapplicable/null/-");
TS("/tools/call", `"tools/call"`, "notapplicable/null/-");

}
