/**
 * Gaps found by mutation testing of intercept.ts: `registryHasTemplate` must say "maybe"
 * (true) whenever the SDK's registry is not shaped as expected, so that a completion is
 * then decided by searching the template's expansions rather than refused as unknown.
 */
import { describe, expect, it } from "vitest";
import { registryHasTemplate } from "../../src/mcp/intercept.js";

describe("registryHasTemplate", () => {
	it("finds a registered template by its URI template, and a registered resource by its URI", () => {
		const has = registryHasTemplate({
			_registeredResourceTemplates: { t: { resourceTemplate: { uriTemplate: { toString: () => "file:///{x}" } } } },
			_registeredResources: { "file:///a": { name: "a" } },
		});
		expect(has("file:///{x}")).toBe(true);
		expect(has("file:///a")).toBe(true);
		expect(has("file:///{y}")).toBe(false);
	});

	it("says true for any URI once a template entry has no readable URI template", () => {
		for (const entry of [{ resourceTemplate: {} }, { resourceTemplate: { uriTemplate: null } }, null]) {
			const has = registryHasTemplate({
				_registeredResourceTemplates: { broken: entry, t: { resourceTemplate: { uriTemplate: "file:///{x}" } } },
				_registeredResources: {},
			});
			expect(has("file:///{y}")).toBe(true);
		}
	});

	it("says true when the registries are missing or unreadable", () => {
		expect(registryHasTemplate({})("file:///{y}")).toBe(true);
		const throwing = {
			get _registeredResourceTemplates(): never {
				throw new Error("unreadable");
			},
			_registeredResources: {},
		};
		expect(registryHasTemplate(throwing)("file:///{y}")).toBe(true);
	});
});
