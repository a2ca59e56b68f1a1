/**
 * The `children` object of each CST node the parser builds. chevrotain makes it with
 * `Object.create(null)` (so a polluted `Object.prototype` cannot add children), which
 * V8 keeps in dictionary mode: a hash table allocated per rule invocation and hashed
 * into per child, the largest part of the parser's garbage. An instance of a
 * constructor whose prototype chain is one frozen, empty, null-prototype object is just
 * as unreachable for `Object.prototype`, and stays a fast, small object.
 */
function CstChildren(): void {}
CstChildren.prototype = Object.freeze(Object.create(null));

const Children = CstChildren as unknown as new () => Record<string, unknown[]>;

/** A fresh CST node, as chevrotain's own `cstInvocationStateUpdate` makes it. */
export function newCstNode(name: string): { name: string; children: Record<string, unknown[]> } {
  return { name, children: new Children() };
}
