/**
 * The token route's twin of journey-stdio-identity: an `authInfo` whose claims carry
 * roles or groups but no identity (no id claim, empty `clientId`) is a broken identity.
 * Served as the anonymous subject, its roles would be dropped — a deny on
 * `role suspended` with them — so every request of it is refused, as for a malformed id
 * claim (docs/mcp.md, "Who is calling"). Without roles or groups it is anonymous as before.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import { subjectFromAuthInfo } from "../../src/mcp/index.js";

const engine = compile(`
  policy "anyone-reads" { allow subject * action "tools/call" resource "tool:read" }
  policy "suspended" { deny priority 10 subject role suspended or group banned action * resource * }
`);
const anonymous = { id: "anonymous", roles: [], groups: [], anonymous: true };

/** What `protect` decides for a resolver's answer: undefined is anonymous, null refuses. */
function allowedFor(subject: unknown): boolean {
  if (subject === null) return false;
  return engine.evaluate(subject ?? anonymous, "tool:read", "tools/call").allowed;
}

describe("subjectFromAuthInfo: roles or groups without an identity", () => {
  it.each([
    ["roles", { roles: ["suspended"] }],
    ["roles as a string", { roles: "suspended" }],
    ["groups", { groups: ["banned"] }],
  ])("%s without an id are refused, never anonymous", (_, extra) => {
    const subject = subjectFromAuthInfo()({ token: "t", clientId: "", scopes: [], extra });
    expect(subject).toBeNull();
    expect(allowedFor(subject)).toBe(false);
  });

  it("renamed claims count the same", () => {
    const resolve = subjectFromAuthInfo({ rolesClaim: "realm_roles" });
    expect(resolve({ token: "t", clientId: "", scopes: [], extra: { realm_roles: "suspended" } })).toBeNull();
  });

  it("no roles or groups (absent or empty) is still anonymous", () => {
    const resolve = subjectFromAuthInfo();
    for (const extra of [{}, { roles: [], groups: "" }]) {
      expect(resolve({ token: "t", clientId: "", scopes: ["x"], extra })).toBeUndefined();
    }
  });

  it("an id keeps its roles", () => {
    const subject = subjectFromAuthInfo()({ token: "t", clientId: "c", scopes: [], extra: { roles: ["suspended"] } });
    expect(subject).toMatchObject({ id: "c", roles: ["suspended"] });
    expect(allowedFor(subject)).toBe(false);
  });
});
