import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";

const SET = `
policy files { allow subject role a action "tools/call" resource "tool:read_*", "tool:list_*" }
policy admin { deny subject * action "tools/call" resource "tool:admin_*" }
policy home { allow subject role a action "resources/read" resource "resource:file:///home/\${subject.id}/**" }
`;

describe("engine.resourceClass", () => {
  const engine = compile(SET);

  it("gives ids that match the same policies one class, and others another", () => {
    const read = engine.resourceClass("tool:read_file");
    expect(read).not.toBeNull();
    expect(engine.resourceClass("tool:list_dir")).toBe(read);
    expect(engine.resourceClass("tool:admin_x")).not.toBe(read);
    expect(engine.resourceClass("tool:other")).not.toBe(read);
    expect(engine.resourceClass("tool:other")).toBe(engine.resourceClass("tool:else"));
  });

  it("has no class for an id an interpolated pattern could match", () => {
    expect(engine.resourceClass("resource:file:///home/u/x")).toBeNull();
    expect(engine.resourceClass("resource:file:///srv/x")).not.toBeNull();
  });

  it("has no class at all when a condition reads the resource", () => {
    const reading = compile(`policy p { allow subject * action * resource * when resource.id != "x" }`);
    expect(reading.resourceClass("tool:a")).toBeNull();
  });

  it("answers null for anything but a bounded string", () => {
    expect(engine.resourceClass(42)).toBeNull();
    expect(engine.resourceClass("t".repeat(5000))).toBeNull();
  });

  it("never puts two ids that some request tells apart in one class", () => {
    const ids = fc.constantFrom(
      "tool:read_file",
      "tool:read_",
      "tool:list_x/",
      "tool:list_x/y",
      "tool:admin_",
      "tool:admin_a",
      "tool:other",
      "resource:file:///home/u/x",
      "resource:file:///srv/x",
      "tool:read_..",
    );
    const subjects = fc.record({ id: fc.constantFrom("u", "v"), roles: fc.constantFrom([], ["a"]) });
    const actions = fc.constantFrom("tools/call", "resources/read", "x");
    fc.assert(
      fc.property(ids, ids, subjects, actions, (x, y, subject, action) => {
        const cx = engine.resourceClass(x);
        if (cx === null || cx !== engine.resourceClass(y)) return;
        const dx = engine.evaluate(subject, x, action);
        const dy = engine.evaluate(subject, y, action);
        expect([dy.effect, dy.policy, dy.errors.length]).toEqual([dx.effect, dx.policy, dx.errors.length]);
        expect(engine.couldAllow(subject, y, action)).toBe(engine.couldAllow(subject, x, action));
      }),
      { numRuns: 500 },
    );
  });
});
