/**
 * The glob limits of spec §4.1 applied to the globs an attribute schema declares
 * (resource id patterns, action keys of `arguments`): length, `**` count and brace
 * expansion size, counted without expanding; and, within them, that minimatch can build it.
 */
import { GLOB_LIMITS } from "../model/glob.js";
import { globBuildProblem } from "../model/glob-build.js";

/** A one-line reason the glob breaks a limit, or null when it is fine. */
export function globLimitProblem(glob: string): string | null {
  if (glob.length > GLOB_LIMITS.maxLength) return `longer than ${GLOB_LIMITS.maxLength} characters`;
  const globstars = glob.split("**").length - 1;
  if (globstars > GLOB_LIMITS.maxGlobstars) return `more than ${GLOB_LIMITS.maxGlobstars} \`**\``;
  if (braceAlternatives(glob) > GLOB_LIMITS.maxBraceAlternatives) {
    return `brace expansion exceeds ${GLOB_LIMITS.maxBraceAlternatives} alternatives`;
  }
  // Within the limits: one minimatch cannot build is refused, as in a policy (E0311).
  const unbuildable = globBuildProblem(glob);
  return unbuildable === null ? null : `not a valid glob: minimatch cannot build it (${unbuildable.split("\n")[0]?.slice(0, 200)})`;
}

/** Upper bound of the number of brace alternatives (product over groups, sum within). */
function braceAlternatives(glob: string): number {
  let i = 0;
  const cap = GLOB_LIMITS.maxBraceAlternatives + 1;
  // sequence := { text | group } ; group := "{" sequence { "," sequence } "}"
  const sequence = (): number => {
    let product = 1;
    while (i < glob.length && glob[i] !== "," && glob[i] !== "}") {
      if (glob[i] === "\\") i += 2;
      else if (glob[i] === "{") {
        i++;
        let sum = sequence();
        while (glob[i] === ",") {
          i++;
          sum += sequence();
        }
        i++;
        product = Math.min(cap, product * sum);
      } else i++;
    }
    return product;
  };
  let total = 1;
  while (i < glob.length) {
    total = Math.min(cap, total * sequence());
    i++;
  }
  return total;
}
