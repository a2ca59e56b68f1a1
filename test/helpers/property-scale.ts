/**
 * How hard the property tests try: MCPOLICY_PROPERTY_SCALE multiplies every run count
 * (default 1, the CI size; e.g. 30 for a long hunt before a release). vitest.config.ts
 * multiplies the per-test timeout by the same factor, so a long hunt runs to the end
 * instead of timing out. Anything but a positive finite number counts as 1.
 */
const value = Number(process.env.MCPOLICY_PROPERTY_SCALE ?? "1");

export const SCALE = Number.isFinite(value) && value > 0 ? value : 1;

/** `n` runs at scale 1, scaled; at least one. */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * SCALE));
}
