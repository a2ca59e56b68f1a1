/**
 * Outcomes of the reference interpreter: a value or an evaluation error (spec §5:
 * "each test is true, false or an error"). Errors are data, never exceptions.
 */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(message: string): Result<T> {
  return { ok: false, message };
}
