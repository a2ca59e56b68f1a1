/**
 * Sets an own data property, whatever the key: `obj[key] = v` with a key of
 * `__proto__` (a user's attribute name, a schema member) would replace the prototype
 * instead of adding the attribute.
 */
export function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
