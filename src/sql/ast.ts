/**
 * Minimal typed access to libpg-query's JSON AST. Nodes are `{ Tag: {...fields} }`
 * wrappers; zero, false and empty fields are omitted by the parser.
 */

/** A wrapped node, e.g. `{ SelectStmt: {...} }`. */
export type AstNode = Record<string, AstFields>;
/** The fields of a node. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AstFields = Record<string, any>;

/** The tag of a wrapped node (`SelectStmt`, `RangeVar`, …). */
export function tagOf(node: AstNode): string {
  return Object.keys(node)[0];
}

/** The fields of a wrapped node. */
export function fieldsOf(node: AstNode): AstFields {
  return node[tagOf(node)];
}

/** The strings of a name list such as `funcname` or `names` (`[{String:{sval}}]`). */
export function nameList(nodes: AstNode[] | undefined): string[] {
  return (nodes ?? []).map((n) => (n.String?.sval as string | undefined) ?? '');
}

/** A constant's value as JS: string, number, boolean or null; undefined if not a constant. */
export function constValue(node: AstNode | undefined): string | number | boolean | null | undefined {
  const c = node?.A_Const;
  if (!c) return undefined;
  if (c.isnull) return null;
  if (c.sval) return (c.sval.sval as string | undefined) ?? '';
  if (c.ival) return (c.ival.ival as number | undefined) ?? 0;
  if (c.fval) return Number(c.fval.fval);
  if (c.boolval) return Boolean(c.boolval.boolval);
  if (c.bsval) return c.bsval.bsval as string;
  return undefined;
}

/** The text of a constant the way SET/SHOW would print it (`on`, `1.5`, `'x'` → `x`). */
export function constText(node: AstNode): string | undefined {
  const c = node.A_Const;
  if (!c) return undefined;
  if (c.fval) return String(c.fval.fval);
  const v = constValue(node);
  return v === undefined || v === null ? undefined : String(v);
}
