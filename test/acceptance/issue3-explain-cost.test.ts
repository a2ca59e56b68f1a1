/**
 * Issue 3 item 5 (acceptance): `explain` (and `mcpolicy eval --explain`, which prints it)
 * tells a person why — it must not hang where `evaluate` answers at once. The reference
 * interpreter behind it read and checked `subject.roles`, and closed it over the role
 * declarations, once per policy: P policies and a subject of R roles cost P × R
 * (1,000 policies and 10,000 roles: 13 s, against 0.2 s for `evaluate`; 2,000 and
 * 100,000: over 5 minutes). Now the subject's target fields are read once per decision.
 * Ratios of one run only, with wide margins.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import { fastest } from "../helpers/fastest.js";

const POLICIES = 300;
const ROLES = 20_000;

const declarations = Array.from({ length: 50 }, (_, i) => `role r${i} includes r${i + 1}`);
const policies = Array.from(
  { length: POLICIES },
  (_, i) => `policy p${i} { allow subject role r${i % 50}, x${i} or group g${i} action "a${i % 7}" resource "t:${i}*" }`,
);
const engine = compile(`${declarations.join("\n")}\n${policies.join("\n")}`);

const few = { roles: ["r0"], groups: ["g5"] };
const many = {
  roles: [...Array.from({ length: ROLES }, (_, i) => `q${i}`), "r0"],
  groups: [...Array.from({ length: ROLES }, (_, i) => `h${i}`), "g5"],
};

describe("issue 3 · explain stays linear in the subject's roles and groups", () => {
  it(`${POLICIES} policies: a subject of ${ROLES} roles and groups costs at most 20× one of one`, () => {
    expect(engine.explain(many, "t:5", "a5").decision).toEqual(engine.evaluate(many, "t:5", "a5"));
    const small = fastest(() => engine.explain(few, "t:5", "a5"));
    const large = fastest(() => engine.explain(many, "t:5", "a5"), 1);
    expect(large / small).toBeLessThan(20);
  });
});
