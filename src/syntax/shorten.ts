/**
 * User text inside a one-line message: control characters escaped, backticks (which
 * delimit it) replaced, and long text cut, so a message stays one readable line.
 */
export function shorten(text: string, max = 40): string {
  const head = text.length > max * 2 ? text.slice(0, max * 2) : text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
  const flat = head.replace(/[\u0000-\u001f\u007f`\u2028\u2029]/g, (c) =>
    c === "`" ? "'" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return flat.length > max || head !== text ? `${flat.slice(0, max - 3)}...` : flat;
}
