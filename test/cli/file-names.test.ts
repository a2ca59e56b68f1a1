/**
 * A file name is text of whoever made the checkout: in text output it stays inside its
 * `file:line:col: message` line (a line break in it is an escape, never a forged line of
 * its own), in fmt's lists too; JSON output keeps the name as it is.
 */
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { oneLine } from "../../src/cli/terminal-safe.js";
import { fakeIO } from "../helpers/fake-io.js";

/** A name that would print `…:1:1: forged [E0000]` on a line of its own, raw. */
const HOSTILE = "e\x1b[2Jx\nforged.mcpolicy:1:1: all clear [E0000]\r\u2028y.mcpolicy";
const SHOWN = "e\\u001b[2Jx\\u000aforged.mcpolicy:1:1: all clear [E0000]\\u000d\\u2028y.mcpolicy";
const MESSY = "policy   q {allow subject * action * resource *}\n";

async function dirWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-names-"));
  await mkdir(join(root, "names"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, "names", name), text);
  return root;
}

/** No line of `output` starts with the forged text: every line is one the CLI meant. */
function expectNoForgedLine(output: string): void {
  for (const line of output.split("\n")) expect(line).not.toMatch(/^forged|^y\.mcpolicy|\u2028/);
  expect(output.includes("\r") || output.includes("\x1b")).toBe(false);
}

describe("file names in text output", () => {
  it("oneLine escapes line breaks and everything terminalSafe escapes, and nothing else", () => {
    expect(oneLine(HOSTILE)).toBe(SHOWN);
    expect(oneLine("policies/a b\té.mcpolicy")).toBe("policies/a b\té.mcpolicy");
    expect(JSON.parse(`"${oneLine(HOSTILE)}"`)).toBe(HOSTILE);
  });

  it("stay on their line in diagnostics (header, help and note) of check and lint; JSON keeps them raw", async () => {
    const root = await dirWith({
      [HOSTILE]: "policy p { alow }\npolicy dup { allow subject * action * resource * }\n",
      "z.mcpolicy": "policy dup { allow subject * action * resource * }\n",
    });
    const name = `${root}/names/${HOSTILE}`;
    const shown = `${root}/names/${SHOWN}`;
    for (const color of [false, true]) {
      const io = fakeIO({ color });
      expect(await main(["check", join(root, "names")], io)).toBe(1);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: taking our colours off to compare the text
      const text = io.stdout().replace(/\x1b\[[0-9;]*m/g, "");
      expectNoForgedLine(text);
      expect(text).toContain(`${shown}:1:12: expected a clause or \`}\`, found \`alow\` [E0201]\n`);
      // The duplicate's help and note name the first file.
      expect(text).toContain(`help: first declared at ${shown}:2:8`);
      expect(text).toContain(`note: ${shown}:2:8: first declared here\n`);
    }
    const json = fakeIO();
    expect(await main(["check", "--format", "json", join(root, "names")], json)).toBe(1);
    const report = JSON.parse(json.stdout()) as { files: string[]; diagnostics: { source?: string }[] };
    expect(report.files).toContain(name);
    expect(report.diagnostics.map((d) => d.source)).toContain(name);

    const lintRoot = await dirWith({ [HOSTILE]: "policy everything { allow subject * action * resource * }\n" });
    const lint = fakeIO();
    await main(["lint", join(lintRoot, "names")], lint);
    expectNoForgedLine(lint.stdout() + lint.stderr());
    expect(lint.stdout()).toContain(`${lintRoot}/names/${SHOWN}:1:`);
  });

  it("stay on their line in fmt's list of files to format and of files formatted", async () => {
    const root = await dirWith({ [HOSTILE]: MESSY });
    const check = fakeIO();
    expect(await main(["fmt", "--check", join(root, "names")], check)).toBe(1);
    expect(check.stdout()).toBe(`${root}/names/${SHOWN}\n`);
    const io = fakeIO();
    expect(await main(["fmt", join(root, "names")], io)).toBe(0);
    expect(io.stdout()).toBe(`formatted ${root}/names/${SHOWN}\n`);
    expect(await readFile(join(root, "names", HOSTILE), "utf8")).toBe(
      "policy q {\n  allow\n  subject *\n  action *\n  resource *\n}\n",
    );
  });

  it("stay on their line, with policy and test-case names, in eval --explain and in test reports", async () => {
    const name = JSON.stringify("a\nforged.mcpolicy:1:1: all clear [E0000]");
    const root = await dirWith({
      [HOSTILE]: `policy ${name} { allow subject * action * resource * when env.x == 1 }\n`,
      "p.test.json": JSON.stringify({
        examples: [{ name: "x\nforged.mcpolicy:1:1: all clear", subject: {}, resource: "r", action: "a", expect: "allow" }],
      }),
    });
    const explain = fakeIO();
    expect(await main(["eval", join(root, "names"), "--subject", "{}", "--resource", "r", "--action", "a", "--explain"], explain)).toBe(1);
    expectNoForgedLine(explain.stderr());
    expect(explain.stderr()).toContain("a\\u000aforged.mcpolicy:1:1: all clear [E0000] (allow, priority 0, ");
    // The Decision on stdout is JSON: raw values, escaped by JSON itself.
    expect(JSON.parse(explain.stdout()).errors[0].policy).toBe(JSON.parse(name));
    const test = fakeIO();
    expect(await main(["test", join(root, "names")], test)).toBe(1);
    expectNoForgedLine(test.stdout() + test.stderr());
    expect(test.stdout()).toContain("example: x\\u000aforged.mcpolicy:1:1: all clear");
  });

  it("stay on their line in mcpolicy test's problems with test files", async () => {
    const root = await dirWith({ "p.mcpolicy": "policy p { allow subject * action * resource * }\n" });
    // A directory named like a test file cannot be read as one: its name is reported.
    await mkdir(join(root, "names", `${HOSTILE}.test.json`));
    const io = fakeIO();
    expect(await main(["test", join(root, "names")], io)).toBe(2);
    expectNoForgedLine(io.stdout() + io.stderr());
    expect(io.stderr()).toContain(SHOWN);
  });
});
