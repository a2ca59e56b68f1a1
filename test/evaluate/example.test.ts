import { describe, expect, it } from "vitest";
import { couldAllowReference, evaluateReference, explainReference } from "../../src/evaluate/index.js";
import { setFromText } from "./from-text.js";
import { SPEC_EXAMPLE } from "../fixtures/spec-example.js";

const EXAMPLE = SPEC_EXAMPLE;

const set = setFromText(EXAMPLE);
const admin = { id: "root", roles: ["admin"], groups: [] };
const viewer = { id: "val", roles: ["viewer"], groups: [] };
const editor = { id: "alice", roles: ["editor"], groups: [] };
const oncallEditor = { id: "bob", roles: ["editor"], groups: ["oncall"] };
const write = (path: string, hour: number) => ({ hour, arguments: { path } });

describe("the example policy set (spec §8)", () => {
  it("lets admins do anything, even after hours (priority 100 beats 50)", () => {
    expect(evaluateReference(set, admin, "tool:write_file", "tools/call", write("/etc/passwd", 23))).toEqual({
      allowed: true,
      effect: "allow",
      policy: "admins",
      errors: [],
    });
  });

  it("lets a viewer call and list read and search tools", () => {
    expect(evaluateReference(set, viewer, "tool:read_file", "tools/call", {}).policy).toBe("read-tools");
    expect(evaluateReference(set, viewer, "tool:search_web", "tools/list", {}).allowed).toBe(true);
    expect(evaluateReference(set, viewer, "tool:write_file", "tools/call", write("/home/val/a", 10)).effect).toBe(
      "notapplicable",
    );
  });

  it("lets an editor read, because editor includes viewer", () => {
    expect(evaluateReference(set, editor, "tool:read_file", "tools/call", {}).allowed).toBe(true);
  });

  it("lets an editor write inside their own home during working hours", () => {
    expect(evaluateReference(set, editor, "tool:write_file", "tools/call", write("/home/alice/notes.txt", 10))).toEqual({
      allowed: true,
      effect: "allow",
      policy: "own-home-only",
      errors: [],
    });
  });

  it("does not let an editor write outside their home", () => {
    expect(evaluateReference(set, editor, "tool:write_file", "tools/call", write("/home/bob/notes.txt", 10)).effect).toBe(
      "notapplicable",
    );
    expect(evaluateReference(set, editor, "tool:write_file", "tools/call", write("/home/alice/../bob/x", 10)).allowed).toBe(
      false,
    );
  });

  it("denies writes after hours", () => {
    expect(evaluateReference(set, editor, "tool:write_file", "tools/call", write("/home/alice/a", 18))).toEqual({
      allowed: false,
      effect: "deny",
      policy: "no-writes-after-hours",
      errors: [],
    });
    expect(evaluateReference(set, editor, "tool:execute_shell", "tools/call", { hour: 7 }).policy).toBe(
      "no-writes-after-hours",
    );
  });

  it("lets on-call editors write after hours", () => {
    expect(evaluateReference(set, oncallEditor, "tool:write_file", "tools/call", write("/home/bob/a", 23)).allowed).toBe(true);
  });

  it("denies, with an error, a write when env.hour is missing (fail closed)", () => {
    const decision = evaluateReference(set, editor, "tool:write_file", "tools/call", { arguments: { path: "/home/alice/a" } });
    expect(decision.effect).toBe("deny");
    expect(decision.policy).toBe("no-writes-after-hours");
    expect(decision.errors).toEqual([{ policy: "no-writes-after-hours", message: "missing attribute env.hour" }]);
  });

  it("denies an after-hours write by a subject without groups (the unless errs)", () => {
    const decision = evaluateReference(set, { id: "carol", roles: ["editor"] }, "tool:write_file", "tools/call", write("/home/carol/a", 20));
    expect(decision.effect).toBe("deny");
    expect(decision.errors[0]?.message).toBe("missing attribute subject.groups");
  });

  it("explains the after-hours denial", () => {
    const explanation = explainReference(set, editor, "tool:write_file", "tools/call", write("/home/alice/a", 20));
    expect(explanation.decision.policy).toBe("no-writes-after-hours");
    expect(explanation.summary).toMatch(/^denied by `no-writes-after-hours` \(priority 50\)/);
    expect(explanation.summary).toContain("overrides `own-home-only` (priority 0)");
    const deny = explanation.policies.find((p) => p.policy === "no-writes-after-hours");
    expect(deny?.decisive).toBe(true);
    expect(deny?.conditions.map((c) => [c.mode, c.text, c.outcome.status])).toEqual([
      ["when", "env.hour < 8 or env.hour >= 18", "true"],
      ["unless", '"oncall" in subject.groups', "false"],
    ]);
  });

  it("could allow the write tool for an editor in working hours (some path is in their home)", () => {
    expect(couldAllowReference(set, editor, "tool:write_file", "tools/call", { hour: 10 })).toBe(true);
    expect(couldAllowReference(set, editor, "tool:write_file", "tools/call", { hour: 22 })).toBe(false);
    expect(couldAllowReference(set, viewer, "tool:write_file", "tools/call", { hour: 10 })).toBe(false);
  });
});
