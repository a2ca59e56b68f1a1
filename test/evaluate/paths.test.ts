import { describe, expect, it } from "vitest";
import { formatPath } from "../../src/evaluate/paths.js";
import { has, path } from "./builders.js";
import { expectError, expectValue } from "./helpers.js";

describe("paths (spec §4.2)", () => {
  it("resolves own properties of plain objects", () => {
    expectValue(path("subject.org.id"), { subject: { org: { id: "acme" } } }, "acme");
    expectValue(path("env.hour"), { env: { hour: 9 } }, 9);
  });

  it("resolves bracketed members that are not identifiers", () => {
    expectValue(path("env", "file-name"), { env: { "file-name": "a.txt" } }, "a.txt");
  });

  it("treats a missing property as an error naming the path", () => {
    expectError(path("subject.department"), { subject: {} }, "missing attribute subject.department");
  });

  it("errs on `subject.a.b` when `subject.a` is missing", () => {
    expectError(path("subject.a.b"), { subject: {} }, "missing attribute subject.a");
  });

  it("errs when stepping into a string, a number, null or an array", () => {
    expectError(path("subject.a.b"), { subject: { a: "x" } }, "subject.a is a string, not an object");
    expectError(path("subject.a.b"), { subject: { a: 1 } }, "not an object");
    expectError(path("subject.a.b"), { subject: { a: null } }, "not an object");
    expectError(path("subject.roles", "0"), { subject: { roles: ["admin"] } }, "subject.roles is an array");
    expectError(path("subject.roles.length"), { subject: { roles: ["admin"] } }, "not an object");
  });

  it("never reads from a prototype", () => {
    expectError(path("subject.constructor"), { subject: {} }, "missing attribute subject.constructor");
    expectError(path("subject.toString"), { subject: {} }, "missing attribute");
    expectError(path("subject", "__proto__"), { subject: {} }, "missing attribute");
    const inherited = Object.assign(Object.create(Object.create(null)), { own: 1 });
    Object.getPrototypeOf(inherited).polluted = true;
    expectError(path("subject.a.polluted"), { subject: { a: inherited } }, "not an object");
  });

  it("reads `__proto__` and `constructor` when they are own data properties (JSON.parse)", () => {
    const subject = JSON.parse('{"__proto__": {"admin": true}, "constructor": "c"}');
    expectValue(path("subject", "__proto__", "admin"), { subject }, true);
    expectValue(path("subject.constructor"), { subject }, "c");
  });

  it("accepts objects with a null prototype", () => {
    const subject = Object.assign(Object.create(null), { a: 1 });
    expectValue(path("subject.a"), { subject }, 1);
  });

  it("treats a getter as missing and never calls it", () => {
    let called = false;
    const subject = {
      get secret() {
        called = true;
        return "x";
      },
    };
    expectError(path("subject.secret"), { subject }, "missing attribute subject.secret");
    expect(called).toBe(false);
  });

  it("errs when a path reaches a value that is not a JSON value", () => {
    class Point {
      x = 1;
    }
    const cases: [unknown, string][] = [
      [undefined, "undefined"],
      [Number.NaN, "NaN"],
      [Number.POSITIVE_INFINITY, "Infinity"],
      [Number.NEGATIVE_INFINITY, "-Infinity"],
      [() => 1, "function"],
      [10n, "bigint"],
      [Symbol("s"), "symbol"],
      [new Point(), "non-plain"],
      [new Date(0), "non-plain"],
      [new Map(), "non-plain"],
    ];
    for (const [bad, fragment] of cases) expectError(path("subject.a"), { subject: { a: bad } }, fragment);
  });

  it("errs when a step meets a class instance, even with the property as own data", () => {
    class Box {
      inner = "x";
    }
    expectError(path("subject.box.inner"), { subject: { box: new Box() } }, "not an object");
  });

  it("errs, without throwing, on a Proxy whose traps throw", () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error("boom");
        },
        getOwnPropertyDescriptor() {
          throw new Error("boom");
        },
      },
    );
    expectError(path("subject.p.x"), { subject: { p: hostile } });
    expectError(path("subject.p"), { subject: { p: hostile } });
    const throwsOnRead = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error("boom");
        },
      },
    );
    expectError(path("subject.p.x"), { subject: { p: throwsOnRead } });
  });

  it("gives `action` the action string", () => {
    expectValue(path("action"), { action: "tools/call" }, "tools/call");
  });

  it("sees a string resource as `{ id }`", () => {
    expectValue(path("resource.id"), { resource: "doc:1" }, "doc:1");
    expectValue(has(path("resource"), "owner"), { resource: "doc:1" }, false);
  });

  it("sees an undefined env as `{}`", () => {
    expectError(path("env.hour"), { env: undefined }, "missing attribute env.hour");
  });

  it("formats paths as written", () => {
    expect(formatPath("subject", ["org", "id"])).toBe("subject.org.id");
    expect(formatPath("env", ["file-name"])).toBe('env["file-name"]');
  });
});
