// The JSON snapshot a request is validated on (json-snapshot.ts): a `__proto__` member of
// a parsed request is data, never the copy's prototype.
import { describe, expect, it } from "vitest";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { snapshotJson } from "../../src/attributes/json-snapshot.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";
import { compile } from "../../src/engine.js";

const DOCUMENT = {
  subject: { type: "object", properties: { id: { type: "string" }, roles: { type: "array" } }, required: ["id"], additionalProperties: false },
};

describe("a `__proto__` member in a request", () => {
  it("is copied as an own member of a null-prototype object", () => {
    const parsed = JSON.parse('{"id": "a", "__proto__": {"roles": ["admin"]}}') as unknown;
    const snapshot = snapshotJson(parsed, "subject");
    expect(snapshot.ok).toBe(true);
    const value = (snapshot as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.keys(value).sort()).toEqual(["__proto__", "id"]);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
  });

  it("is an undeclared attribute a closed schema refuses", () => {
    const { schema } = loadAttributeSchema(DOCUMENT);
    if (schema === null) throw new Error("schema must load");
    const validate = createRequestValidator(schema);
    const subject = JSON.parse('{"id": "a", "__proto__": {"roles": ["admin"]}}') as unknown;
    expect(validate(subject, "r", "a", undefined).map((e) => e.message)).toEqual(["unexpected attribute subject.__proto__"]);
    const engine = compile("policy p { allow subject * action * resource * }", { schema: DOCUMENT, validateRequests: true });
    expect(engine.evaluate(subject, "r", "a")).toMatchObject({ effect: "deny", policy: null });
    expect(engine.evaluate({ id: "a" }, "r", "a")).toMatchObject({ effect: "allow" });
  });
});

describe("array elements", () => {
  it("calls a hole or a getter in an array malformed, never skips it", () => {
    const { schema } = loadAttributeSchema({ subject: { type: "object", properties: { roles: { type: "array", items: { type: "string" } } } } });
    if (schema === null) throw new Error("schema must load");
    const validate = createRequestValidator(schema);
    const withGetter: unknown[] = ["viewer", "x"];
    Object.defineProperty(withGetter, 1, { get: () => 5, enumerable: true });
    // biome-ignore lint/suspicious/noSparseArray: a hole is the point
    const holey = ["viewer", , "x"];
    for (const roles of [withGetter, holey]) {
      expect(validate({ roles }, "r", "a", undefined).map((e) => e.message)).toEqual(["malformed subject: subject.roles[1] is missing"]);
    }
    expect(snapshotJson([1, 2], "v")).toEqual({ ok: true, value: [1, 2] });
  });
});
