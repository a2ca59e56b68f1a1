/**
 * The identity entry point under junk: whatever a transport or a custom bearer verifier
 * puts in `authInfo` (Proxies, getters, cycles, huge or wrongly typed claims), the
 * default resolver never reads a getter or the prototype, and `protect` never throws
 * from it: a resolver that throws makes the subject `null`, which every decision denies.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ANONYMOUS_SUBJECT, protect, subjectFromAuthInfo } from "../../src/mcp/index.js";
import { type Junk, junkArbitrary } from "../arbitraries/request.js";
import { runs } from "../helpers/property-scale.js";
import { fixtureEngine } from "./helpers.js";

const engine = fixtureEngine();

/** `authInfo` shapes: junk itself, junk as `extra`, junk as one claim or as the scopes. */
const authInfoArbitrary: fc.Arbitrary<{ label: string; make: () => unknown }> = fc.oneof(
  junkArbitrary.map((j: Junk) => ({ label: j.label, make: () => j.make() })),
  junkArbitrary.map((j: Junk) => ({
    label: `{ extra: ${j.label} }`,
    make: () => ({ token: "t", clientId: "app", scopes: [], extra: j.make() }),
  })),
  fc.tuple(fc.constantFrom("sub", "roles", "groups", "department"), junkArbitrary).map(([claim, j]) => ({
    label: `{ extra: { ${claim}: ${j.label} } }`,
    make: () => ({ token: "t", clientId: "app", scopes: [], extra: { sub: "alice", roles: ["viewer"], [claim]: j.make() } }),
  })),
  junkArbitrary.map((j: Junk) => ({
    label: `{ scopes: ${j.label} }`,
    make: () => ({ token: "t", clientId: "app", scopes: j.make(), extra: { sub: "alice" } }),
  })),
);

/** A subject the resolver may return: frozen, with a bounded string id. */
function expectWellFormed(subject: unknown): void {
  expect(typeof subject).toBe("object");
  expect(subject).not.toBeNull();
  expect(Object.isFrozen(subject)).toBe(true);
  const id = Object.getOwnPropertyDescriptor(subject, "id")?.value;
  expect(typeof id).toBe("string");
  expect((id as string).length).toBeLessThanOrEqual(1024);
}

/** How one claim is present in `extra`: an own data value, a getter, inherited, or absent. */
type ClaimForm = "own" | "getter" | "inherited" | "absent";
const CLAIMS = ["sub", "roles", "groups", "department"] as const;
const GOOD: Record<(typeof CLAIMS)[number], unknown> = {
  sub: "alice",
  roles: ["viewer"],
  groups: ["oncall"],
  department: "eng",
};
const EVIL: Record<(typeof CLAIMS)[number], unknown> = {
  sub: "root",
  roles: ["admin"],
  groups: ["wheel"],
  department: "security",
};

/** `extra` with each claim in the given form; getters record that they ran. */
function hostileExtra(forms: readonly ClaimForm[], calls: string[]): Record<string, unknown> {
  const inherited: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  CLAIMS.forEach((claim, i) => {
    const form = forms[i];
    if (form === "own") own[claim] = GOOD[claim];
    else if (form === "inherited") inherited[claim] = EVIL[claim];
    else if (form === "getter")
      Object.defineProperty(own, claim, {
        enumerable: true,
        get: () => {
          calls.push(claim);
          return EVIL[claim];
        },
      });
  });
  return Object.setPrototypeOf(own, inherited) as Record<string, unknown>;
}

describe("subject resolution on junk identity", () => {
  it("takes each claim from an own data property only: never a getter, never the prototype", () => {
    const resolve = subjectFromAuthInfo({ attributes: ["department"] });
    const form = fc.constantFrom<ClaimForm>("own", "getter", "inherited", "absent");
    fc.assert(
      fc.property(fc.tuple(form, form, form, form), (forms) => {
        const calls: string[] = [];
        const extra = hostileExtra(forms, calls);
        const subject = resolve({ token: "t", clientId: "app", scopes: ["s"], extra }) as Record<string, unknown>;
        expect(calls).toEqual([]);
        const expected: Record<string, unknown> = {
          id: forms[0] === "own" ? GOOD.sub : "app",
          roles: forms[1] === "own" ? GOOD.roles : [],
          groups: forms[2] === "own" ? GOOD.groups : [],
          scopes: ["s"],
        };
        if (forms[3] === "own") expected.department = GOOD.department;
        expect(subject).toEqual(expected);
      }),
      { numRuns: runs(200) },
    );
  });

  it("subjectFromAuthInfo returns undefined, null or a frozen subject, and throws only from a Proxy's trap", () => {
    const resolve = subjectFromAuthInfo({ attributes: ["department"] });
    fc.assert(
      fc.property(authInfoArbitrary, (input) => {
        let subject: unknown;
        try {
          subject = resolve(input.make() as never);
        } catch (error) {
          // Only a Proxy's own trap can throw here: the resolver reads no getter.
          expect(input.label).toMatch(/Proxy/);
          expect((error as Error).message).toMatch(/trap|revoked/);
          return;
        }
        // null: an id claim present but malformed — every request of it is refused.
        if (subject !== undefined && subject !== null) expectWellFormed(subject);
      }),
      { numRuns: runs(600) },
    );
  });

  it("protect never throws from it: a failing resolver gives the null subject, every decision of which denies", () => {
    const protection = protect(new Server({ name: "t", version: "1" }, { capabilities: { tools: {} } }), engine);
    fc.assert(
      fc.property(authInfoArbitrary, (input) => {
        const subject = protection.subjectOf(input.make() as never);
        if (subject === null) {
          expect(engine.evaluate(subject, "tool:read_file", "tools/call", {}).allowed).toBe(false);
          return;
        }
        if (subject !== ANONYMOUS_SUBJECT) expectWellFormed(subject);
      }),
      { numRuns: runs(600) },
    );
  });
});
