/**
 * Postgres's names for objects a statement does not name: `<table>_pkey`,
 * `<table>_<cols>_key`, `<table>_<col>_check` / `<table>_check`, `<table>_<cols>_fkey`,
 * `<table>_<cols>_idx`, `<table>_<col>_seq`, shortened to 63 bytes and numbered on a clash.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/commands/indexcmds.c (ChooseRelationName, ChooseIndexNameAddition)
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/catalog/pg_constraint.c (ChooseConstraintName)
 */

/** NAMEDATALEN - 1: the longest name Postgres keeps, in bytes. */
const MAX_NAME_BYTES = 63;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The longest prefix of `s` of at most `n` bytes that does not split a character (pg_mbcliplen). */
function clip(s: string, n: number): string {
  let out = '';
  for (const ch of s) {
    if (bytes(out) + bytes(ch) > n) break;
    out += ch;
  }
  return out;
}

/** makeObjectName: `name1_name2_label`, the longer of the two names shortened first so the whole fits. */
export function makeObjectName(name1: string, name2: string | null, label: string | null): string {
  let overhead = name2 !== null ? 1 : 0;
  if (label !== null) overhead += bytes(label) + 1;
  const avail = MAX_NAME_BYTES - overhead;
  let n1 = bytes(name1);
  let n2 = name2 !== null ? bytes(name2) : 0;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  let name = clip(name1, n1);
  if (name2 !== null) name += '_' + clip(name2, n2);
  if (label !== null) name += '_' + label;
  return name;
}

/** ChooseIndexNameAddition / the foreign-key equivalent: column names joined by `_`, cut once past the name limit. */
export function columnsAddition(columns: readonly string[]): string {
  let buf = '';
  for (const c of columns) {
    if (buf.length > 0) buf += '_';
    buf += c;
    if (bytes(buf) > MAX_NAME_BYTES) break;
  }
  return buf;
}

/** Choose `name1_name2_label`, then `…_label1`, `…_label2`… until the name is not taken; the chosen name is added to `taken`. */
export function chooseName(name1: string, name2: string | null, label: string, taken: Set<string>): string {
  let modLabel = label;
  for (let pass = 1; ; pass++) {
    const name = makeObjectName(name1, name2, modLabel);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
    modLabel = `${label}${pass}`;
  }
}

/** Name of a primary key: `<table>_pkey`. */
export const primaryKeyName = (table: string, taken: Set<string>) => chooseName(table, null, 'pkey', taken);

/** Name of a unique constraint: `<table>_<cols>_key`. */
export const uniqueName = (table: string, columns: readonly string[], taken: Set<string>) => chooseName(table, columnsAddition(columns), 'key', taken);

/** Name of a CHECK: `<table>_<col>_check` when it reads exactly one column, else `<table>_check`. */
export const checkName = (table: string, columns: readonly string[], taken: Set<string>) => chooseName(table, new Set(columns).size === 1 ? columns[0] : null, 'check', taken);

/** Name of a foreign key: `<table>_<cols>_fkey`. */
export const foreignKeyName = (table: string, columns: readonly string[], taken: Set<string>) => chooseName(table, columnsAddition(columns), 'fkey', taken);

/** Name of an index created without one: `<table>_<cols>_idx` (`expr` for an expression). */
export const indexName = (table: string, columns: readonly string[], taken: Set<string>) => chooseName(table, columnsAddition(columns), 'idx', taken);

/** Name of the sequence behind a serial or identity column: `<table>_<col>_seq`. */
export const sequenceName = (table: string, column: string, taken: Set<string>) => chooseName(table, column, 'seq', taken);
