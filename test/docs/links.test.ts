import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Every relative link in the project's own markdown resolves: the file exists, and an
 * anchor names a heading of the target as GitHub slugs it.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function markdownFiles(): string[] {
  const files = ["README.md", "bench/README.md", "grammar/README.md"];
  for (const name of readdirSync(join(ROOT, "docs")).sort()) {
    if (name.endsWith(".md")) files.push(`docs/${name}`);
  }
  return files.filter((f) => existsSync(join(ROOT, f)));
}

/**
 * Fenced code blocks (CommonMark: an opening fence's info string holds no backtick, so a
 * line that starts with inline ``` code is prose; the closing fence is backticks alone).
 */
const FENCED = /^```[^`\n]*\n[\s\S]*?^```[ \t]*$/gm;

/** Markdown without its fenced code blocks and inline code, where `](` is not a link. */
function prose(text: string): string {
  return text.replace(FENCED, "").replace(/`[^`\n]*`/g, "");
}

/**
 * GitHub's heading anchors: lowercase, markup and punctuation dropped (letters, digits,
 * `-`, `_` and spaces kept), spaces to `-`, a repeated slug suffixed `-1`, `-2` …
 */
function githubSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of markdown.replace(FENCED, "").matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = (match[1] ?? "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\- _]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

interface Link {
  readonly file: string;
  readonly target: string;
}

function relativeLinks(file: string): Link[] {
  const text = prose(readFileSync(join(ROOT, file), "utf8"));
  const links: Link[] = [];
  for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1] ?? "";
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
    links.push({ file, target });
  }
  return links;
}

const links = markdownFiles().flatMap(relativeLinks);

describe("relative links in the markdown", () => {
  it("are found (the test reads the files it means to)", () => {
    expect(links.length).toBeGreaterThan(50);
    expect(links.some((l) => l.target.includes("#"))).toBe(true);
  });

  it.each(links.map((l) => [l.file, l.target] as const))("%s → %s resolves", (file, target) => {
    const [path = "", anchor] = target.split("#");
    const resolved = path === "" ? join(ROOT, file) : join(dirname(join(ROOT, file)), decodeURI(path));
    expect(existsSync(resolved), `${relative(ROOT, resolved)} exists`).toBe(true);
    if (anchor === undefined) return;
    expect(statSync(resolved).isFile(), `${relative(ROOT, resolved)} is a file, for #${anchor}`).toBe(true);
    expect([...githubSlugs(readFileSync(resolved, "utf8"))]).toContain(decodeURIComponent(anchor));
  });
});

describe("githubSlugs (GitHub's anchor rules)", () => {
  it("lowercases, drops punctuation and backticks, turns spaces into dashes", () => {
    expect([...githubSlugs("## Canonical form and `mcpolicy fmt`\n")]).toEqual(["canonical-form-and-mcpolicy-fmt"]);
    expect([...githubSlugs("## Patterns (globs)\n")]).toEqual(["patterns-globs"]);
    expect([...githubSlugs("## `createMcpHandler` and the modern-protocol era\n")]).toEqual([
      "createmcphandler-and-the-modern-protocol-era",
    ]);
  });

  it("numbers repeated headings and ignores headings inside code fences", () => {
    expect([...githubSlugs("## Notes\n```\n## Notes\n```\n## Notes\n")]).toEqual(["notes", "notes-1"]);
    expect([...githubSlugs("``` `inline` ```, prose\n## After\n```\n## Inside\n```\n")]).toEqual(["after"]);
  });
});

describe("repository paths the markdown names", () => {
  /** `src/engine.ts`, `test/security/reentrancy.test.ts`, `dist/examples/stdio-server.js` (built from examples/*.ts). */
  const named = markdownFiles().flatMap((file) =>
    [
      ...readFileSync(join(ROOT, file), "utf8").matchAll(
        /(?<![\w./-])(?:dist\/)?(src|test|bench|scripts|examples|policies|grammar|docs)\/[\w./-]*\w/g,
      ),
    ].map((m) => [file, m[0]] as const),
  );
  const inRepository = (path: string) =>
    path.startsWith("dist/") ? path.slice("dist/".length).replace(/\.js$/, ".ts") : path;

  it("are found", () => {
    expect(named.length).toBeGreaterThan(30);
  });

  it("exist", () => {
    const missing = named.filter(([, path]) => !existsSync(join(ROOT, inRepository(path))));
    expect(missing.map(([file, path]) => `${file}: ${path}`)).toEqual([]);
  });
});

describe("the README's project layout", () => {
  it("names every directory of src/", () => {
    const layout =
      /## Project layout\s+```\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, "README.md"), "utf8"))?.[1] ?? "";
    const directories = readdirSync(join(ROOT, "src"), { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(directories.length).toBeGreaterThan(5);
    expect(directories.map((d) => `src/${d.name}/`).filter((d) => !layout.includes(d))).toEqual([]);
  });
});
