/** A position in a source: 0-based UTF-16 offset, 1-based line and column (UTF-16 code units). */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Where a node came from: `start` inclusive, `end` exclusive. `source` names the file or API source. */
export interface Span {
  readonly source?: string;
  readonly start: Position;
  readonly end: Position;
}
