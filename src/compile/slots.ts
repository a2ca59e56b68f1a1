/**
 * Subject-dependent pieces of a policy set, numbered at load: each distinct
 * `subject.…` path of a condition (its value is resolved once per subject), each
 * pattern with `${subject.…}` (its matcher is built once per subject, on first use),
 * and each condition that reads only the subject (its result is cached per subject).
 * Each distinct `env.…` / `resource.…` path is numbered too: one decision reads it once
 * (RequestReads).
 */
import type { TemplatePart } from "../model/template.js";

export class SubjectSlots {
  /** Members of each subject path, by slot. */
  readonly paths: (readonly string[])[] = [];
  /** Interpolated patterns, by slot, with their text as written (named in their errors). */
  readonly templates: { readonly parts: readonly TemplatePart[]; readonly pattern: string }[] = [];
  /** Number of subject-only tests. */
  tests = 0;
  /** Number of distinct request paths (`env.…`, `resource.…`). */
  requestPaths = 0;
  readonly #pathSlots = new Map<string, number>();
  readonly #requestSlots = new Map<string, number>();

  path(members: readonly string[]): number {
    const key = members.join("\u0000");
    let slot = this.#pathSlots.get(key);
    if (slot === undefined) {
      slot = this.paths.length;
      this.paths.push(members);
      this.#pathSlots.set(key, slot);
    }
    return slot;
  }

  requestPath(root: "env" | "resource", members: readonly string[]): number {
    const key = `${root}\u0000${members.join("\u0000")}`;
    let slot = this.#requestSlots.get(key);
    if (slot === undefined) {
      slot = this.requestPaths++;
      this.#requestSlots.set(key, slot);
    }
    return slot;
  }

  template(parts: readonly TemplatePart[], pattern: string): number {
    this.templates.push({ parts, pattern });
    return this.templates.length - 1;
  }

  test(): number {
    return this.tests++;
  }
}
