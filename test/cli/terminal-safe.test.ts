/**
 * CLI output cannot drive the terminal (src/cli/terminal-safe.ts): text from a policy
 * file under review — a comment, a name, a pattern — never reaches it as a control
 * sequence or a bidirectional override; colours still work, JSON stays valid and equal.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { markedPalette, terminalSafe } from "../../src/cli/terminal-safe.js";
import { codeFrame } from "../../src/source.js";
import { fakeIO } from "../helpers/fake-io.js";

/** Any character a terminal would act on, other than newline and tab (colours included). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe("terminal-safe output", () => {
  it("escapes every control and bidi character, keeps our colours, newlines, tabs and an edge carriage return", () => {
    expect(terminalSafe("a\x1b[2Jb\x1b]52;c;ZXZpbA==\x07\u202ec")).toBe("a\\u001b[2Jb\\u001b]52;c;ZXZpbA==\\u0007\\u202ec");
    // A colour sequence in text (a policy name that conceals what follows) is shown, ours work.
    expect(terminalSafe("\x1b[8mhidden\x1b[0m\tx\ny")).toBe("\\u001b[8mhidden\\u001b[0m\tx\ny");
    const c = markedPalette(true);
    expect(terminalSafe(c.red("red"))).toBe("\x1b[31mred\x1b[39m");
    expect(terminalSafe(c.bold(`a ${"\x1b[8m"} b`))).toBe("\x1b[1ma \\u001b[8m b\x1b[22m");
    expect(markedPalette(false).red("red")).toBe("red");
    expect(terminalSafe("\r  [###] 3/10\r")).toBe("\r  [###] 3/10\r");
    // Invisible characters are shown too: a reviewer sees that a name holds them.
    expect(terminalSafe("a\ufeffb\u200bc\u2060d\u061ce")).toBe("a\\ufeffb\\u200bc\\u2060d\\u061ce");
    for (const hidden of ["\u2062", "\u{E0041}", "\u00ad", "\u034f", "\u3164", "\ufe0f", "\u2028", "\u{E0100}"]) {
      const shown = terminalSafe(`admin${hidden}`);
      expect(shown, JSON.stringify(hidden)).not.toBe(`admin${hidden}`);
      expect(JSON.parse(`"${shown}"`)).toBe(`admin${hidden}`);
    }
    expect(terminalSafe("ok\rforged")).toBe("ok\\u000dforged");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        // (Framed by "x": a carriage return at the very edge of a write is let through.)
        const safe = terminalSafe(`x${text}x`);
        expect(ACTIVE.test(safe)).toBe(false);
        // Inside our colours, the text's own escapes are still shown.
        const coloured = terminalSafe(c.yellow(`x${text}x`));
        expect(ACTIVE.test(coloured.slice(5, -5))).toBe(false);
        // In JSON, the escapes are the same characters.
        expect(JSON.parse(terminalSafe(JSON.stringify(text)))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("code frames show controls as one visible character each, so the caret stays aligned", () => {
    const frame = codeFrame('policy "a\x1b[2J" { x }', 1, 18, { color: false });
    expect(frame).toContain('policy "a\u241b[2J" { x }');
    expect(frame.split("\n")[1]?.indexOf("^")).toBe(frame.split("\n")[0]?.indexOf("x"));
  });

  it("code frames place the caret on the text as printed, whatever escapes terminalSafe would widen", async () => {
    const hidden = ["\u00ad", "\u2028", "\u2029", "\u034f", "\u3164", "\ufe0f", "\u{e0041}", "\u{e0100}", "\u0085", "\u202e", "\u200b"];
    /** Each caret line lines up under `alow` in the line above it, once made terminal-safe. */
    const expectAligned = (frame: string, word = "alow") => {
      const lines = terminalSafe(frame).split("\n");
      const at = lines.findIndex((l) => l.startsWith(">"));
      const caret = lines[at + 1] ?? "";
      expect(ACTIVE.test(lines[at] ?? "")).toBe(false);
      expect(caret.indexOf("^"), frame).toBe((lines[at] ?? "").lastIndexOf(word));
      expect(caret.trim().replace(/^\|\s*/, ""), frame).toBe("^".repeat(word.length));
    };
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-term-"));
    await writeFile(join(root, "a.mcpolicy"), 'policy "a\u00adb\u2028c" { alow }\n');
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    expect(io.stdout()).toContain('policy "a\\u00adb\\u2028c" { alow }');
    expectAligned(io.stdout());
    for (const char of hidden) {
      const text = `policy "x${char}y${char}${char}" { alow }`;
      const column = text.lastIndexOf("alow") + 1;
      expectAligned(codeFrame(text, 1, column, { endColumn: column + 4 }));
      // The span itself holding them: the underline covers their escapes.
      const inside = `policy p { when "${char}${char}" }`;
      const from = inside.indexOf('"') + 1;
      const frame = terminalSafe(codeFrame(inside, 1, from, { endColumn: from + 2 + 2 * char.length }));
      const [shown = "", caret = ""] = frame.split("\n");
      expect(caret.indexOf("^")).toBe(shown.indexOf('"'));
      expect(caret.lastIndexOf("^")).toBe(shown.lastIndexOf('"'));
    }
    // A long line: the window around the column is cut from the text as printed.
    const long = `policy "${"\u00ad".repeat(60)}" { ${"a".repeat(10)} alow }`;
    expectAligned(codeFrame(long, 1, long.indexOf("alow") + 1, { endColumn: long.indexOf("alow") + 5 }));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...hidden), fc.string({ maxLength: 3 })), { maxLength: 30 }), (parts) => {
        const name = parts.join("").replace(/["\\\n\r\t]/g, "");
        const text = `policy "${name}" { alow }`;
        expectAligned(codeFrame(text, 1, text.lastIndexOf(" alow") + 2, { endColumn: text.lastIndexOf(" alow") + 6 }));
      }),
      { numRuns: 300 },
    );
  });

  it("mcpolicy check and eval on a hostile policy file write nothing a terminal acts on", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-term-"));
    const text = 'policy "x\u202ey" { allow subject * action * resource * } # \x1b]0;owned\x07\x1b[2J\npolicy b { allow subject * action * resource * when }\n';
    await writeFile(join(root, "evil.mcpolicy"), text);
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    expect(io.stdout()).toContain("expected an expression");
    expect(ACTIVE.test(io.stdout())).toBe(false);
    await writeFile(join(root, "evil.mcpolicy"), text.split("\n")[0] as string);
    const evalIO = fakeIO();
    expect(await main(["eval", root, "--subject", "{}", "--resource", "r", "--action", "a"], evalIO)).toBe(0);
    expect(ACTIVE.test(evalIO.stdout())).toBe(false);
    expect(JSON.parse(evalIO.stdout()).policy).toBe("x\u202ey");
  });

  it("lint, eval --explain and test show a colour sequence from a policy or test name, coloured or not", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-term-"));
    const name = "ok\u001b[8m HIDDEN\u001b[0m";
    await writeFile(
      join(root, "a.mcpolicy"),
      `policy ${JSON.stringify(name)} { allow subject * action * resource * when env.x == 1 }\npolicy dup { allow subject * action * resource * when env.x == 1 }\n`,
    );
    await writeFile(
      join(root, "a.test.json"),
      JSON.stringify({ examples: [{ name, subject: {}, resource: "r", action: "a", env: { x: 1 }, expect: "deny" }] }),
    );
    for (const color of [false, true]) {
      const runs = [
        ["lint", root],
        ["eval", root, "--subject", "{}", "--resource", "r", "--action", "a", "--env", '{"x":1}', "--explain"],
        ["test", root],
      ];
      for (const args of runs) {
        const io = fakeIO({ color });
        await main(args, io);
        const written = io.stdout() + io.stderr();
        expect(written).toContain("HIDDEN");
        expect(written).not.toContain("\x1b[8m");
        expect(written).toContain("\\u001b[8m");
      }
    }
  });
});
