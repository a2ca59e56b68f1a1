/**
 * Sets an own data property, whatever the key: `obj[key] = v` with a key of
 * `__proto__` (a user's attribute name, a schema member) would replace the prototype
 * instead of adding the attribute. `__proto__` is the only accessor a plain object
 * inherits, so every other key takes the fast path.
 */
export function defineOwn(target: object, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}
