/**
 * Postgres's translation of a SQL-standard (SIMILAR TO) pattern into a regular expression
 * that must match the whole string: `%` is `.*`, `_` is `.`, `.`/`^`/`$` are literal,
 * bracket expressions, `|`, `*`, `+`, `?`, `{}` and `()` are as in regexes; the escape
 * character (default `\`, none when empty) makes the next character literal. `(?s)` lets
 * `.` match a newline, as Postgres's does. Null for what Postgres rejects (an escape string
 * longer than one character, a trailing escape: 22025).
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/regexp.c (similar_escape_internal)
 */
export function similarToRegex(pattern: string, escape: string | null = '\\'): string | null {
  if (escape !== null && [...escape].length > 1) return null;
  const esc = escape === '' ? null : escape;
  let out = '';
  let afterEscape = false;
  let inClass = false;
  let classStart = -1;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (afterEscape) {
      // Postgres passes `\x` through: class escapes (`\d`) keep their regex meaning.
      out += /[A-Za-z0-9]/.test(ch) && !/[dDwWsS]/.test(ch) ? ch : '\\' + ch;
      afterEscape = false;
    } else if (esc !== null && ch === esc) {
      afterEscape = true;
    } else if (inClass) {
      // A `]` right after `[` or `[^` is a member, not the end of the class.
      if (ch === ']' && i > classStart) inClass = false;
      else if (ch === '^' && i === classStart) classStart++;
      out += ch === '\\' ? '\\\\' : ch;
    } else if (ch === '[') {
      inClass = true;
      classStart = i + 1;
      out += ch;
    } else if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else if (ch === '(') out += '(?:';
    else if (ch === '\\' || ch === '.' || ch === '^' || ch === '$') out += '\\' + ch;
    else out += ch;
  }
  if (afterEscape) return null;
  return `(?s)^(?:${out})$`;
}

/**
 * How many capturing groups a regex has: each `(` not escaped, not inside a bracket
 * expression, and not the start of a `(?…)` construct. Postgres's regex `substring`
 * and `regexp_match` return the groups' text when there are any.
 */
export function captureGroupCount(regex: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const ch = regex[i];
    if (ch === '\\') i++;
    else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
      if (regex[i + 1] === '^') i++;
      if (regex[i + 1] === ']') i++;
    } else if (ch === '(' && regex[i + 1] !== '?') n++;
  }
  return n;
}
