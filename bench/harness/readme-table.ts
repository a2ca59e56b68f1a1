/**
 * The README's copy of the last complete full run's table: the text between two markers,
 * replaced by bench/results/full.md whenever a full run or `bench:report` writes it.
 */
export const README_START = "<!-- bench:latest:start (generated from bench/results/full.md) -->";
export const README_END = "<!-- bench:latest:end -->";

/** `readme` with its marked block replaced by `table`; null when the markers are missing. */
export function withLatestTable(readme: string, table: string): string | null {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return null;
  return `${readme.slice(0, start + README_START.length)}\n\n${table.trim()}\n\n${readme.slice(end)}`;
}

/** The table the README shows now, or null without markers. */
export function readmeTable(readme: string): string | null {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + README_START.length, end).trim();
}
