/**
 * Comments are not part of the AST, but `mcpolicy fmt` must never drop them. This finds
 * the comments of a cleanly parsed source and attaches each to a node the printer
 * prints: before a declaration or clause, at the end of its line, on a policy's header
 * line, before a policy's `}`, or at the end of the file. A comment inside a multi-line
 * clause moves above that clause; a comment next to `allow`/`deny`/`priority` (which
 * carry no span) moves to the next clause. Comment text is kept as written.
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

/** Attaches the comments of `text` to the nodes of `ast` (parsed from that same text). */
export function attachComments(ast: SourceFile, text: string): AttachedComments {
  const attached: AttachedComments = {
    leading: new Map(),
    trailing: new Map(),
    header: new Map(),
    blockTrailing: new Map(),
    fileTrailing: [],
  };
  const sameLine = (from: number, to: number): boolean => !/[\r\n]/.test(text.slice(from, to));
  const declarations = ast.declarations;
  for (const comment of scanComments(text)) {
    const inside = declarations.find((d) => d.span.start.offset <= comment.offset && comment.offset < d.span.end.offset);
    if (inside !== undefined) {
      if (inside.kind === "Policy") attachInPolicy(inside, comment, attached, sameLine);
      else push(attached.leading, inside, comment);
      continue;
    }
    const before = lastBefore(declarations, comment.offset);
    if (before !== undefined && sameLine(before.span.end.offset, comment.offset)) {
      push(attached.trailing, before, comment);
      continue;
    }
    const after = declarations.find((d) => d.span.start.offset > comment.offset);
    if (after !== undefined) push(attached.leading, after, comment);
    else attached.fileTrailing.push(comment);
  }
  const last = attached.fileTrailing.length - 1;
  if (last >= 0) attached.fileTrailing[last] = closing(attached.fileTrailing[last] as Comment);
  for (const list of attached.blockTrailing.values()) list[list.length - 1] = closing(list[list.length - 1] as Comment);
  return attached;
}

function lastBefore<T extends { span: { end: { offset: number } } }>(nodes: readonly T[], offset: number): T | undefined {
  let found: T | undefined;
  for (const node of nodes) if (node.span.end.offset <= offset) found = node;
  return found;
}

function attachInPolicy(
  policy: Policy,
  comment: Comment,
  attached: AttachedComments,
  sameLine: (from: number, to: number) => boolean,
): void {
  const clauses = [policy.subject, policy.action, policy.resource, ...policy.conditions].sort(
    (a, b) => a.span.start.offset - b.span.start.offset,
  );
  const inside = clauses.find((c) => c.span.start.offset <= comment.offset && comment.offset < c.span.end.offset);
  const before = lastBefore(clauses, comment.offset);
  const after = clauses.find((c) => c.span.start.offset > comment.offset);
  if (inside !== undefined) push(attached.leading, inside, comment);
  else if (before !== undefined && sameLine(before.span.end.offset, comment.offset)) push(attached.trailing, before, comment);
  else if (sameLine(policy.span.start.offset, comment.offset)) push(attached.header, policy, comment);
  else if (after !== undefined) push(attached.leading, after, comment);
  else push(attached.blockTrailing, policy, comment);
}
