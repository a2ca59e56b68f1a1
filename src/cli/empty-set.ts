/**
 * The notice every command taking PATH... prints on stderr when the paths hold no policy
 * file at all: an empty policy set is valid (it denies everything), so the command goes
 * on, but a directory without policy files is more often a wrong path — said where a
 * person reads, not in the command's result.
 */
import { palette } from "./io.js";
import { oneLine } from "./terminal-safe.js";

/**
 * Whether nothing was found: no policy file, and no problem reaching or reading one
 * (a file that is not UTF-8 or too large, E0003/E0004, is still a policy file).
 */
export function foundNothing(files: number, problems: readonly unknown[]): boolean {
  return files === 0 && problems.length === 0;
}

export function emptySetNotice(paths: readonly string[], color: boolean): string {
  return `${palette(color).yellow("!")} no *.mcpolicy files under ${paths.map((p) => `\`${oneLine(p)}\``).join(", ")}: the policy set is empty\n`;
}
