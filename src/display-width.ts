/**
 * How many terminal columns text takes, so a code frame's caret sits under the text it
 * points at: a grapheme (what a reader sees as one character, `Intl.Segmenter`) takes
 * two columns when it is East Asian wide or fullwidth (`日本語`) or an emoji, none when
 * it is only combining marks or invisible format characters, one otherwise. Positions in
 * diagnostics stay in UTF-16 code units (spec §6); only where they are drawn uses this.
 * (The `string-width` package does the same with its own tables; this is the part the
 * CLI needs, without a dependency.)
 */

const GRAPHEMES = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Text every terminal shows one column a code unit: the common case, measured without segmenting. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Takes no column of its own: combining marks, format and other default-ignorable characters, controls. */
const ZERO_WIDTH = /^[\p{Mark}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]$/u;

/**
 * Two columns: emoji shown as emoji by default, and the East Asian wide and fullwidth
 * blocks (EastAsianWidth.txt W and F, by block: Hangul Jamo, CJK and its punctuation,
 * kana, Yi, Hangul syllables, fullwidth forms, Tangut, Nushu, the ideographic planes).
 */
const WIDE =
  /^(?:\p{Emoji_Presentation}|[\u1100-\u115f\u2329\u232a\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{16fe0}-\u{18dff}\u{1aff0}-\u{1b2ff}\u{1f200}-\u{1f2ff}\u{20000}-\u{2fffd}\u{30000}-\u{3fffd}])$/u;

/** A pictograph that text presentation shows narrow (`©`, `❤`) unless a U+FE0F asks for the emoji. */
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;

/** Columns one grapheme takes: those of its first character that takes any (the rest combine with it). */
export function graphemeWidth(grapheme: string): number {
  for (const char of grapheme) {
    if (ZERO_WIDTH.test(char)) continue;
    if (WIDE.test(char) || (PICTOGRAPH.test(char) && grapheme.includes("\ufe0f"))) return 2;
    return 1;
  }
  return 0;
}

/** Columns `text` takes in a terminal (one line: no tabs or line breaks). */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const grapheme of graphemes(text)) width += graphemeWidth(grapheme);
  return width;
}

/** Code units segmented at a time: V8's segmenter slows down with the length of what it is given (100,000 CJK characters: 20 s). */
const CHUNK = 512;

/**
 * The graphemes of `text`, segmented a chunk at a time in linear time. A chunk's last
 * grapheme may go on in the next chunk, so it is segmented again with it; one grapheme
 * longer than a chunk (a letter under hundreds of accents) is given in pieces.
 */
function* graphemes(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    const end = Math.min(text.length, at + CHUNK);
    let last = "";
    let lastIndex = 0;
    for (const { segment, index } of GRAPHEMES.segment(text.slice(at, end))) {
      if (last !== "") yield last;
      last = segment;
      lastIndex = index;
    }
    if (end === text.length || lastIndex === 0) {
      yield last;
      at = end;
    } else at += lastIndex;
  }
}

export interface Excerpt {
  /** Whole graphemes only. */
  readonly text: string;
  /** Where `text` starts in the text it was taken from (code units). */
  readonly offset: number;
  readonly cutBefore: boolean;
  readonly cutAfter: boolean;
}

/**
 * The whole graphemes of `text` within about `reach` code units of `index`: what a code
 * frame may show of a long line, so that framing an error near the end of a megabyte
 * line measures a few hundred characters, not the megabyte.
 */
export function graphemesAround(text: string, index: number, reach: number): Excerpt {
  const lo = Math.max(0, index - reach);
  const hi = Math.min(text.length, index + reach);
  if (lo === 0 && hi === text.length) return { text, offset: 0, cutBefore: false, cutAfter: false };
  const parts = [...graphemes(text.slice(lo, hi))];
  // At a cut, the grapheme there may go on outside the excerpt (half a surrogate pair, a
  // letter without its accents): left out.
  const first = lo > 0 && parts.length > 1 ? (parts.shift() as string) : "";
  if (hi < text.length && parts.length > 1) parts.pop();
  return { text: parts.join(""), offset: lo + first.length, cutBefore: lo > 0, cutAfter: hi < text.length };
}

export interface ColumnSlice {
  /** Whole graphemes only: never half a surrogate pair, nor a letter without its accent. */
  readonly text: string;
  /** Column (0-based) where `text` starts: past `from` when a wide grapheme straddled it. */
  readonly start: number;
  /** Whether text before `start` or after the slice was left out. */
  readonly cutBefore: boolean;
  readonly cutAfter: boolean;
}

/**
 * The graphemes of `text` that lie wholly within columns [from, to) (0-based). Stops at
 * `to`: a frame's window on a megabyte-long line does not segment the rest of it.
 */
export function sliceColumns(text: string, from: number, to: number): ColumnSlice {
  if (PRINTABLE_ASCII.test(text)) {
    const start = Math.min(Math.max(0, from), text.length);
    return { text: text.slice(start, Math.max(start, to)), start, cutBefore: start > 0, cutAfter: text.length > to };
  }
  let column = 0;
  let out = "";
  let start = -1;
  let cutAfter = false;
  for (const segment of graphemes(text)) {
    const width = graphemeWidth(segment);
    if (column + width > to && width > 0) {
      cutAfter = true;
      break;
    }
    if (column >= from) {
      if (start < 0) start = column;
      out += segment;
    }
    column += width;
  }
  // Nothing fits: an empty slice where the window starts (or where the text ends).
  if (start < 0) start = cutAfter ? Math.max(column, from) : Math.min(column, from);
  return { text: out, start, cutBefore: start > 0, cutAfter };
}
