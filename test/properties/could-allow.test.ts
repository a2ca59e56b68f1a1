/**
 * `couldAllow` is sound (PolicyEngine contract): when some value of `env.arguments`
 * makes a request allowed, `couldAllow` with any other `env.arguments` — or none —
 * is true. Checked on random sets and requests against the engine's own `evaluate`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { policySetArbitrary, VOCABULARY } from "../arbitraries/policy-set.js";
import { requestBatchArbitrary } from "../arbitraries/request.js";
import { runs } from "../helpers/property-scale.js";


const otherArguments = fc.constantFrom<unknown>(undefined, {}, { path: VOCABULARY.paths[0] }, { path: 5 }, "x", null, { path: "/nowhere" });

describe("couldAllow is sound", () => {
  it("is true whenever evaluate allows with some env.arguments", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, otherArguments, (generated, batch, replacement) => {
        const engine = compile(generated.sources);
        for (const r of batch.requests) {
          const env = r.env;
          if (typeof env !== "object" || env === null || Array.isArray(env) || Object.getPrototypeOf(env) !== Object.prototype) continue;
          const subject = batch.subjects[r.subject % batch.subjects.length];
          if (!engine.evaluate(subject, r.resource, r.action, env).allowed) continue;
          const { arguments: _given, ...rest } = env as Record<string, unknown>;
          const probe = replacement === undefined ? rest : { ...rest, arguments: replacement };
          expect(engine.couldAllow(subject, r.resource, r.action, env), "same env").toBe(true);
          expect(engine.couldAllow(subject, r.resource, r.action, probe), `env ${JSON.stringify(probe)}`).toBe(true);
        }
      }),
      { numRuns: runs(400) },
    );
  });
});
