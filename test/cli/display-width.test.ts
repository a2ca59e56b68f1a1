/**
 * Code frames in terminal columns (src/display-width.ts): the caret sits under the text
 * it points at when the line holds CJK, emoji or combining marks, and a long line is cut
 * between graphemes — never through a surrogate pair (shown as U+FFFD) or an accent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayWidth, graphemesAround, graphemeWidth, sliceColumns } from "../../src/display-width.js";
import { codeFrame } from "../../src/source.js";

/** A lone surrogate: half of a character, which a terminal shows as U+FFFD. */
const HALF = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The `>` line of a frame and its caret line. */
function framed(frame: string): { shown: string; caret: string } {
  const lines = frame.split("\n");
  const at = lines.findIndex((l) => l.startsWith(">"));
  return { shown: lines[at] ?? "", caret: lines[at + 1] ?? "" };
}

/** The caret line's first `^` is in the terminal column where `word` starts in the shown line. */
function expectCaretUnder(frame: string, word: string): void {
  const { shown, caret } = framed(frame);
  expect(shown, frame).toContain(word);
  expect(caret.indexOf("^"), frame).toBe(displayWidth(shown.slice(0, shown.lastIndexOf(word))));
  expect(caret.trim().replace(/^\|\s*/, ""), frame).toBe("^".repeat(displayWidth(word)));
}

describe("display width", () => {
  it("counts wide characters and emoji as two columns, combining marks as none", () => {
    expect(displayWidth("policy")).toBe(6);
    expect(displayWidth("日本語")).toBe(6);
    expect(displayWidth("한국어")).toBe(6);
    expect(displayWidth("ひらがな、カタカナ。")).toBe(20);
    expect(displayWidth("ＡＢ")).toBe(4); // fullwidth forms
    expect(displayWidth("ｱｲ")).toBe(2); // halfwidth katakana
    expect(displayWidth("😀🎉")).toBe(4);
    expect(displayWidth("👍🏽")).toBe(2); // with a skin tone: one grapheme
    expect(displayWidth("🇯🇵")).toBe(2); // a flag: two regional indicators
    expect(displayWidth("👩\u200d💻")).toBe(2); // a ZWJ sequence
    expect(displayWidth("e\u0301te\u0301")).toBe(3); // é as e + combining acute
    expect(displayWidth("\u1100\u1161")).toBe(2); // Hangul jamo: one wide syllable
    expect(displayWidth("©®™")).toBe(3); // pictographs shown as text by default…
    expect(displayWidth("©\ufe0f")).toBe(2); // …unless U+FE0F asks for the emoji
    expect(displayWidth("\u2026")).toBe(1);
    expect(graphemeWidth("\u0301")).toBe(0);
    expect(graphemeWidth("\u200b")).toBe(0);
  });

  it("slices between graphemes, starting past a wide one that straddles the start", () => {
    expect(sliceColumns("abcdef", 2, 4)).toEqual({ text: "cd", start: 2, cutBefore: true, cutAfter: true });
    expect(sliceColumns("日本語", 1, 5)).toEqual({ text: "本", start: 2, cutBefore: true, cutAfter: true });
    expect(sliceColumns("ae\u0301b", 0, 2)).toEqual({ text: "ae\u0301", start: 0, cutBefore: false, cutAfter: true });
    expect(sliceColumns("😀😀😀", 0, 3)).toEqual({ text: "😀", start: 0, cutBefore: false, cutAfter: true });
    expect(sliceColumns("😀😀", 0, 4)).toEqual({ text: "😀😀", start: 0, cutBefore: false, cutAfter: false });
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.nat(40), fc.nat(40), (text, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const slice = sliceColumns(text, from, to);
        expect(HALF.test(slice.text)).toBe(false);
        expect(text.includes(slice.text)).toBe(true);
        expect(slice.start).toBeGreaterThanOrEqual(Math.min(from, displayWidth(text)));
        expect(slice.start + displayWidth(slice.text)).toBeLessThanOrEqual(Math.max(to, slice.start));
      }),
      { numRuns: 300 },
    );
  });
});

describe("long lines", () => {
  it("measure in linear time (the segmenter alone slows down with the length it is given)", () => {
    const started = performance.now();
    expect(displayWidth("日".repeat(200_000))).toBe(400_000);
    expect(displayWidth("e\u0301".repeat(100_000))).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("give whole graphemes around an index, cut at neither end through one", () => {
    const text = `${"😀".repeat(20)}x${"e\u0301".repeat(20)}`;
    const around = graphemesAround(text, 41, 5);
    expect(around).toEqual({ text: "😀xe\u0301e\u0301", offset: 38, cutBefore: true, cutAfter: true });
    // Starting inside a surrogate pair, ending inside a grapheme.
    const odd = graphemesAround(text, 41, 6);
    expect(odd).toEqual({ text: "😀😀xe\u0301e\u0301", offset: 36, cutBefore: true, cutAfter: true });
    expect(HALF.test(odd.text)).toBe(false);
    expect(graphemesAround("short", 2, 100)).toEqual({ text: "short", offset: 0, cutBefore: false, cutAfter: false });
  });

  it("frame an error at the end of a megabyte line of CJK or emoji quickly, showing what is around it", () => {
    for (const unit of ["日", "😀"]) {
      const text = `policy p { when "${unit.repeat(500_000)}" alow }`;
      const column = text.indexOf("alow") + 1;
      const started = performance.now();
      const frame = codeFrame(text, 1, column, { endColumn: column + 4 });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(framed(frame).shown.startsWith(`> 1 | …${unit}`)).toBe(true);
      expectCaretUnder(frame, "alow");
    }
  });

  it("frame each error of a long line in time independent of its length", () => {
    // 100 frames (what a file's diagnostics print at most) on one line of 1 MiB, then of
    // 8 MiB: each frame escaped and measured the whole line, 12.6 s for the 8 MiB line.
    const frames = (length: number): number => {
      const text = "policy p { allow subject * action * resource * }\t".repeat(length / 50);
      codeFrame(text, 1, 1);
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 3; round++) {
        const started = performance.now();
        for (let i = 0; i < 100; i++) codeFrame(text, 1, text.length - 1000 * i, { endColumn: text.length });
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const ratio = frames(8 * 1024 * 1024) / Math.max(frames(1024 * 1024), 1);
    // Measured ≈ 1 (18 before): a frame reads only the text around its column; linear in
    // the line would be 8.
    expect(ratio, ratio.toFixed(2)).toBeLessThan(4);
  });
});

describe("code frames in terminal columns", () => {
  it("put the caret under the reported text after CJK, emoji and combining marks", () => {
    for (const name of ["日本語", "😀🎉", "cafe\u0301", "👩\u200d💻", "ＡＢ", "🇯🇵"]) {
      const text = `policy "${name}" { alow }`;
      const column = text.indexOf("alow") + 1; // UTF-16 code units, as diagnostics report it
      expectCaretUnder(codeFrame(text, 1, column, { endColumn: column + 4 }), "alow");
    }
    // A span of wide text is underlined across all of its columns.
    const text = 'policy p { when subject.name == "日本語" }';
    const from = text.indexOf('"日');
    expectCaretUnder(codeFrame(text, 1, from + 1, { endColumn: from + 6 }), '"日本語"');
  });

  it("cut a long line between graphemes, never through a surrogate pair, and keep the caret aligned", () => {
    for (const lead of ["", "x", "xy", "日"]) {
      for (const unit of ["😀", "日本", "e\u0301", "🇯🇵"]) {
        const text = `policy "${lead}${unit.repeat(150)}" { alow ${unit.repeat(150)} }`;
        const column = text.indexOf("alow") + 1;
        const frame = codeFrame(text, 1, column, { endColumn: column + 4 });
        expect(HALF.test(frame), frame).toBe(false);
        expect(frame).not.toContain("\ufffd");
        expectCaretUnder(frame, "alow");
        // The window stays about 120 columns wide, the ellipses included.
        expect(displayWidth(framed(frame).shown)).toBeLessThanOrEqual("> 1 | ".length + 122);
      }
    }
    // Context lines are cut between graphemes too.
    const around = `${"😀".repeat(100)}x\npolicy p { alow }\n${"x😀".repeat(100)}`;
    const frame = codeFrame(around, 2, 12, { endColumn: 16 });
    expect(HALF.test(frame), frame).toBe(false);
    expectCaretUnder(frame, "alow");
  });
});
