/**
 * Offsets → 1-based line and column (UTF-16 code units).
 *
 * Line breaks: LF, CRLF and a lone CR each end one line (CRLF counts once), matching what
 * editors show for files with any mix of conventions. A leading byte-order mark is not
 * a column: line 1 starts after it, so `policy` right after a BOM is at column 1.
 */
import type { Position, Span } from "../model/span.js";

const CACHE_MASK = 255;

export class LineIndex {
  readonly #starts: number[];
  readonly #source: string | undefined;
  #last = 0;
  readonly #cache: (Position | undefined)[] = new Array(CACHE_MASK + 1).fill(undefined);

  constructor(text: string, source: string | undefined) {
    const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
    if (!text.includes("\r")) {
      // The common case: LF only, found by indexOf rather than character by character.
      for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.#starts = starts;
    this.#source = source;
  }

  /**
   * The position of a 0-based offset (`offset` may be the text length: end of input).
   * Nodes that start or end at the same offset share one Position object (positions are
   * read-only data): a small direct-mapped cache catches the repeats, which are close
   * together, without hashing or allocating.
   */
  position(offset: number): Position {
    const slot = offset & CACHE_MASK;
    const cached = this.#cache[slot];
    if (cached !== undefined && cached.offset === offset) return cached;
    const position = this.#compute(offset);
    this.#cache[slot] = position;
    return position;
  }

  #compute(offset: number): Position {
    const starts = this.#starts;
    // Offsets mostly arrive in source order: try the line found last before searching.
    let lo = this.#last;
    const next = lo + 1 < starts.length ? (starts[lo + 1] as number) : Number.POSITIVE_INFINITY;
    if (!((starts[lo] as number) <= offset && offset < next)) {
      lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] as number) <= offset) lo = mid;
        else hi = mid - 1;
      }
      this.#last = lo;
    }
    const start = starts[lo] as number;
    return { offset, line: lo + 1, column: offset > start ? offset - start + 1 : 1 };
  }

  /** The span from `start` (inclusive) to `end` (exclusive) offsets. */
  span(start: number, end: number): Span {
    const source = this.#source;
    return source === undefined
      ? { start: this.position(start), end: this.position(end) }
      : { source, start: this.position(start), end: this.position(end) };
  }
}
