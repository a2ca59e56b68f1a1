/**
 * Comments are not part of the AST, but `mcpolicy fmt` must never drop them. This finds
 * the comments of a cleanly parsed source and attaches each to a node the printer
 * prints: before a declaration or clause, at the end of its line, on a policy's header
 * line, before a policy's `}`, or at the end of the file. A comment inside a multi-line
 * clause moves above that clause. The effect and priority carry no span in the AST, so
 * their keywords are found in the text between the spanned clauses. Comment text is kept
 * as written.
 */
import type { Policy, SourceFile } from "../model/ast.js";

export interface Comment {
  /** `# …` or `// …`, without the line break, trailing whitespace removed. */
  readonly text: string;
  /** UTF-16 offsets of the comment in the source. */
  readonly offset: number;
  readonly end: number;
  /** Whether a blank line follows before the next comment or token. */
  readonly blankAfter: boolean;
}

export interface AttachedComments {
  /** Comments on their own lines before a declaration or clause node. */
  readonly leading: Map<object, Comment[]>;
  /** A comment at the end of a declaration's or clause's last line. */
  readonly trailing: Map<object, Comment[]>;
  /** A comment after `policy NAME {` on its line. */
  readonly header: Map<Policy, Comment[]>;
  /** Comments after a policy's last clause, before its `}`. */
  readonly blockTrailing: Map<Policy, Comment[]>;
  /** Comments after the last declaration. */
  readonly fileTrailing: Comment[];
  /** Keys under which comments of a policy's effect and priority lines are attached. */
  readonly keywordLines: Map<Policy, KeywordLines>;
}

/** Stand-ins for the effect and (non-zero) priority clauses, which have no AST node. */
export interface KeywordLines {
  readonly effect?: object;
  readonly priority?: object;
}

const isBreak = (ch: string | undefined): boolean => ch === "\n" || ch === "\r";
const isSpace = (ch: string | undefined): boolean => ch === " " || ch === "\t" || ch === "\n" || ch === "\r";

/** Finds every comment in a source that lexes cleanly (strings are skipped as JSON strings). */
export function scanComments(text: string): Comment[] {
  const comments: Comment[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
    } else if (ch === "#" || (ch === "/" && text[i + 1] === "/")) {
      const start = i;
      while (i < text.length && !isBreak(text[i])) i++;
      let breaks = 0;
      let j = i;
      while (j < text.length && isSpace(text[j])) {
        if (text[j] === "\n" || (text[j] === "\r" && text[j + 1] !== "\n")) breaks++;
        j++;
      }
      comments.push({ text: text.slice(start, i).trimEnd(), offset: start, end: i, blankAfter: j < text.length && breaks >= 2 });
    } else {
      i++;
    }
  }
  return comments;
}

function push<K>(map: Map<K, Comment[]>, key: K, comment: Comment): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [comment]);
  else list.push(comment);
}

/** A comment that ends a group printed as the last lines of a block: no blank line after it. */
function closing(comment: Comment): Comment {
  return comment.blankAfter ? { ...comment, blankAfter: false } : comment;
}

/** Spans of a node list sorted by offset and not overlapping: declarations, or one policy's clauses. */
interface Spanned {
  readonly span: { readonly start: { readonly offset: number }; readonly end: { readonly offset: number } };
}

/** Index of the first node that ends after `offset` (binary search; nodes sorted, disjoint). */
function firstEndingAfter(nodes: readonly Spanned[], offset: number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((nodes[mid] as Spanned).span.end.offset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where a comment sits among sorted nodes: inside one, right after one, or before one. */
function locate<T extends Spanned>(nodes: readonly T[], offset: number) {
  const i = firstEndingAfter(nodes, offset);
  const next = nodes[i];
  const inside = next !== undefined && next.span.start.offset <= offset ? next : undefined;
  return { inside, before: nodes[i - 1], after: inside === undefined ? next : nodes[i + 1] };
}

/** Attaches the comments of `text` to the nodes of `ast` (parsed from that same text). */
export function attachComments(ast: SourceFile, text: string): AttachedComments {
  const attached: AttachedComments = {
    leading: new Map(),
    trailing: new Map(),
    header: new Map(),
    blockTrailing: new Map(),
    fileTrailing: [],
    keywordLines: new Map(),
  };
  // No line break between `from` and `to`: look back from `to` to the start of its line only.
  const sameLine = (from: number, to: number): boolean => {
    for (let i = to - 1; i >= from; i--) if (isBreak(text[i])) return false;
    return true;
  };
  // Per policy, found once: rescanning for each comment made many comments between a
  // name and its `{` quadratic.
  const layouts = new Map<Policy, PolicyLayout>();
  for (const comment of scanComments(text)) {
    const { inside, before, after } = locate(ast.declarations, comment.offset);
    if (inside?.kind === "Policy") {
      let layout = layouts.get(inside);
      if (layout === undefined) {
        layout = { clauses: policyClauses(inside, text, attached.keywordLines), brace: openingBrace(inside, text) };
        layouts.set(inside, layout);
      }
      attachInPolicy(inside, layout, comment, attached, sameLine);
    } else if (inside !== undefined) push(attached.leading, inside, comment);
    else if (before !== undefined && sameLine(before.span.end.offset, comment.offset)) push(attached.trailing, before, comment);
    else if (after !== undefined) push(attached.leading, after, comment);
    else attached.fileTrailing.push(comment);
  }
  const last = attached.fileTrailing.length - 1;
  if (last >= 0) attached.fileTrailing[last] = closing(attached.fileTrailing[last] as Comment);
  for (const list of attached.blockTrailing.values()) list[list.length - 1] = closing(list[list.length - 1] as Comment);
  return attached;
}

/**
 * A policy's clauses sorted by offset: the spanned ones from the AST plus stand-ins for
 * `allow`/`deny` and `priority N`, located by scanning the text between the spanned
 * clauses (skipping strings and comments). Registers the stand-ins in `keywordLines`.
 */
function policyClauses(policy: Policy, text: string, keywordLines: Map<Policy, KeywordLines>): Spanned[] {
  const spanned: Spanned[] = [policy.subject, policy.action, policy.resource, ...policy.conditions].sort(
    (a, b) => a.span.start.offset - b.span.start.offset,
  );
  const stand = (start: number, end: number): Spanned => ({ span: { start: { offset: start }, end: { offset: end } } });
  let effect: Spanned | undefined;
  let priority: Spanned | undefined;
  const stop = policy.span.end.offset;
  let i = policy.span.start.offset;
  let next = 0;
  let inBody = false;
  while (i < stop) {
    const clause = spanned[next];
    if (clause !== undefined && i >= clause.span.start.offset) {
      i = Math.max(i, clause.span.end.offset);
      next++;
      continue;
    }
    const skipped = skipStringOrComment(text, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const ch = text[i] as string;
    if (ch === "{" && !inBody) inBody = true;
    if (inBody && /[A-Za-z_]/.test(ch)) {
      let end = i;
      while (end < stop && /[A-Za-z0-9_]/.test(text[end] as string)) end++;
      const word = text.slice(i, end);
      if (word === "allow" || word === "deny") effect = stand(i, end);
      else if (word === "priority") {
        let j = skipSpaceAndComments(text, end, stop);
        while (j < stop && /[-0-9.]/.test(text[j] as string)) j++;
        priority = stand(i, j);
        end = j;
      }
      i = end;
      continue;
    }
    i++;
  }
  const lines: KeywordLines = {
    ...(effect !== undefined ? { effect } : {}),
    ...(priority !== undefined && policy.priority !== 0 ? { priority } : {}),
  };
  keywordLines.set(policy, lines);
  const all = [...spanned];
  if (lines.effect !== undefined) all.push(lines.effect as Spanned);
  if (lines.priority !== undefined) all.push(lines.priority as Spanned);
  return all.sort((a, b) => a.span.start.offset - b.span.start.offset);
}

/** The offset after a string or comment starting at `i`, or `i` when none starts there. */
function skipStringOrComment(text: string, i: number): number {
  const ch = text[i];
  if (ch === '"') {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
    return j + 1;
  }
  if (ch === "#" || (ch === "/" && text[i + 1] === "/")) {
    let j = i;
    while (j < text.length && !isBreak(text[j])) j++;
    return j;
  }
  return i;
}

/** The offset after the whitespace and comments starting at `i` (not past `stop`). */
function skipSpaceAndComments(text: string, i: number, stop: number): number {
  let j = i;
  for (;;) {
    while (j < stop && isSpace(text[j])) j++;
    const after = text[j] === '"' ? j : skipStringOrComment(text, j);
    if (after === j || j >= stop) return j;
    j = after;
  }
}

/** What comments are placed by in a policy: its clauses (with stand-ins) and the offset of its `{`. */
interface PolicyLayout {
  readonly clauses: readonly Spanned[];
  readonly brace: number;
}

function attachInPolicy(
  policy: Policy,
  layout: PolicyLayout,
  comment: Comment,
  attached: AttachedComments,
  sameLine: (from: number, to: number) => boolean,
): void {
  const { inside, before, after } = locate(layout.clauses, comment.offset);
  if (inside !== undefined) push(attached.leading, inside, comment);
  else if (before !== undefined && sameLine(before.span.end.offset, comment.offset)) push(attached.trailing, before, comment);
  else if (sameLine(policy.span.start.offset, comment.offset) || afterOnBraceLine(layout.brace, comment.offset, sameLine)) {
    // On the header's line, or on the line of a `{` written below it.
    push(attached.header, policy, comment);
  } else if (after !== undefined) push(attached.leading, after, comment);
  else push(attached.blockTrailing, policy, comment);
}

/** Whether a comment comes after the `{` at `brace`, on its line. */
function afterOnBraceLine(brace: number, offset: number, sameLine: (from: number, to: number) => boolean): boolean {
  return offset > brace && sameLine(brace, offset);
}

/** The offset of a policy's `{` (after its name, skipping comments). */
function openingBrace(policy: Policy, text: string): number {
  let i = policy.name.span.end.offset;
  while (i < policy.span.end.offset) {
    const skipped = skipStringOrComment(text, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    if (text[i] === "{") return i;
    i++;
  }
  return policy.span.start.offset;
}
