import { vectorDimensions, vectorEngineType } from '../rewrite/pgvector.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { type AstFields, type AstNode, constValue, nameList } from '../ast.js';
import { funcCall, intConst, stringConst } from '../rewrite/ast-build.js';
import { quoteIdent, quoteLiteral } from '../../engine/index.js';
import { declaredColumn } from './declared-columns.js';
import { sequenceName } from './names.js';
import type { DeclaredColumn, IdentityMeta } from './table-meta.js';

/** Integer types a sequence can feed, with their ranges (a serial's sequence stops at its column's maximum). */
const intTypes = { int2: [-32768n, 32767n], int4: [-2147483648n, 2147483647n], int8: [-9223372036854775808n, 9223372036854775807n] } as const;
type IntType = keyof typeof intTypes;

/** The pseudo-types `serial` and friends and the integer type each stands for. */
const serialTypes: Record<string, IntType> = { smallserial: 'int2', serial2: 'int2', serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8' };

/** Spellings of the integer types an identity column may have. */
const identityTypes: Record<string, IntType> = { int2: 'int2', smallint: 'int2', int4: 'int4', integer: 'int4', int: 'int4', int8: 'int8', bigint: 'int8' };

/** A sequence a column needs, created before its table. */
export interface SequencePlan {
  name: string;
  type: IntType;
  /** Identity options (START WITH, INCREMENT BY, …) as written. */
  options: AstNode[];
}

/** What translating one column produced besides the column itself. */
export interface ColumnPlan {
  /** The column's type and DEFAULT as declared (a serial column's default is its sequence's nextval, as Postgres prints it). */
  declared: DeclaredColumn;
  sequence?: SequencePlan;
  identity?: IdentityMeta;
  /** A declared length DuckDB ignores, enforced by a CHECK jammi adds to the column. */
  length?: { type: 'character varying' | 'character'; n: number };
  /** That CHECK, as added to the column's constraints. */
  lengthCheck?: AstNode;
  /** A generated column (GENERATED ALWAYS AS (expr) STORED). */
  generated?: boolean;
}

const contype = (c: AstNode) => c.Constraint?.contype as string | undefined;
const pgInt = (name: IntType): AstFields => ({ names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: name } }], typemod: -1, location: -1 });

/** The last name of a type (`pg_catalog.varchar` → varchar), when it is a built-in spelling. */
function typeWord(typeName: AstFields): string | undefined {
  const names = nameList(typeName.names as AstNode[]);
  if (names.length === 1) return names[0];
  return names.length === 2 && names[0] === 'pg_catalog' ? names[1] : undefined;
}

/** A sequence named as Postgres's regclass text names it (the schema only outside public). */
function regclassText(schema: string, seq: string): string {
  const ident = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : quoteIdent(s));
  return schema === 'main' ? ident(seq) : `${ident(schema)}.${ident(seq)}`;
}

/** `nextval('<seq>')`, the sequence named as Postgres's regclass text would name it. */
export function nextvalDefault(schema: string, seq: string): AstNode {
  return funcCall(['nextval'], [stringConst(regclassText(schema, seq))]);
}

/** A NOT NULL column constraint. */
const notNull = (): AstNode => ({ Constraint: { contype: 'CONSTR_NOTNULL', is_enforced: true, initially_valid: true, location: -1 } });

/**
 * `length(rtrim(col, ' ')) <= n`: the check behind varchar(n)/char(n). Trailing spaces do
 * not count, since Postgres accepts an over-long value whose excess is all spaces.
 */
export function lengthCheck(column: string, n: number): AstNode {
  const trimmed = funcCall(['rtrim'], [{ ColumnRef: { fields: [{ String: { sval: column } }], location: -1 } }, stringConst(' ')]);
  const expr: AstNode = { A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: '<=' } }], lexpr: funcCall(['length'], [trimmed]), rexpr: intConst(n), location: -1 } };
  return { Constraint: { contype: 'CONSTR_CHECK', raw_expr: expr, is_enforced: true, initially_valid: true, location: -1 } };
}

/** The declared length of a varchar(n)/char(n) column (char alone is char(1)); arrays are not checked. */
export function declaredLength(typeName: AstFields): ColumnPlan['length'] {
  if (typeName.arrayBounds) return undefined;
  const word = typeWord(typeName);
  const type = word === 'varchar' ? 'character varying' : word === 'bpchar' ? 'character' : undefined;
  if (!type) return undefined;
  const n = constValue((typeName.typmods as AstNode[] | undefined)?.[0]);
  return typeof n === 'number' ? { type, n } : undefined;
}

/** DuckDB's widest DECIMAL. */
const MAX_PRECISION = 38;

/**
 * numeric without a precision, or wider than DuckDB's 38 digits: DuckDB's bare DECIMAL is
 * DECIMAL(18,3), which would round every value to 3 places. Such a column becomes
 * DECIMAL(38, s), keeping up to 28 integer digits and giving the rest to the scale (bare
 * numeric: DECIMAL(38,10)).
 */
export function engineNumeric(typeName: AstFields): void {
  const word = typeWord(typeName);
  if (word !== 'numeric' && word !== 'decimal') return;
  const mods = ((typeName.typmods ?? []) as AstNode[]).map((m) => constValue(m));
  const p = typeof mods[0] === 'number' ? mods[0] : undefined;
  const sc = typeof mods[1] === 'number' ? mods[1] : 0;
  if (p !== undefined && p <= MAX_PRECISION) return;
  const integer = Math.min(p === undefined ? 28 : p - sc, 28);
  const scale = p === undefined ? MAX_PRECISION - integer : Math.min(sc, MAX_PRECISION - integer);
  typeName.typmods = [intConst(MAX_PRECISION), intConst(scale)];
}

/**
 * Translate one column definition in place: serial types and identity become an integer
 * column with `DEFAULT nextval('<table>_<col>_seq')` and NOT NULL, with the sequence to create
 * first; varchar(n)/char(n) get a length check. `taken` holds the names already used.
 */
export function translateColumn(col: AstFields, schema: string, table: string, taken: Set<string>): ColumnPlan {
  const colname = col.colname as string;
  const typeName = col.typeName as AstFields;
  const constraints = (col.constraints ?? []) as AstNode[];
  const plan: ColumnPlan = { declared: declaredColumn(col) };
  const word = typeWord(typeName);
  const serial = word && nameList(typeName.names as AstNode[]).length === 1 ? serialTypes[word] : undefined;
  const identity = constraints.find((c) => contype(c) === 'CONSTR_IDENTITY')?.Constraint;
  const hasDefault = constraints.some((c) => contype(c) === 'CONSTR_DEFAULT');
  if (serial) {
    if (typeName.arrayBounds) throw new PgError(SqlStates.feature_not_supported, 'array of serial is not implemented');
    if (hasDefault) throw new PgError(SqlStates.syntax_error, `multiple default values specified for column "${colname}" of table "${table}"`);
    if (identity) throw new PgError(SqlStates.syntax_error, `both default and identity specified for column "${colname}" of table "${table}"`);
    col.typeName = pgInt(serial);
    plan.sequence = { name: sequenceName(table, colname, taken), type: serial, options: [] };
    plan.identity = { column: colname, kind: 'serial', sequence: plan.sequence.name };
    plan.declared.default = `nextval(${quoteLiteral(regclassText(schema, plan.sequence.name))}::regclass)`;
  } else if (identity) {
    if (hasDefault) throw new PgError(SqlStates.syntax_error, `both default and identity specified for column "${colname}" of table "${table}"`);
    const type = word && !typeName.arrayBounds ? identityTypes[word] : undefined;
    if (!type) throw new PgError(SqlStates.datatype_mismatch, 'identity column type must be smallint, integer, or bigint');
    const options = (identity.options ?? []) as AstNode[];
    const custom = options.find((o) => o.DefElem?.defname === 'sequence_name');
    const customName = custom ? nameList(custom.DefElem.arg?.List?.items as AstNode[]).at(-1) : undefined;
    const name = customName ?? sequenceName(table, colname, taken);
    plan.sequence = { name, type, options: options.filter((o) => o !== custom) };
    plan.identity = { column: colname, kind: identity.generated_when === 'a' ? 'always' : 'by default', sequence: name };
  }
  if (plan.sequence) {
    const kept = constraints.filter((c) => contype(c) !== 'CONSTR_IDENTITY');
    kept.push({ Constraint: { contype: 'CONSTR_DEFAULT', raw_expr: nextvalDefault(schema, plan.sequence.name), location: -1 } });
    if (!kept.some((c) => contype(c) === 'CONSTR_NOTNULL' || contype(c) === 'CONSTR_PRIMARY')) kept.push(notNull());
    col.constraints = kept;
  }
  engineNumeric(typeName);
  // pgvector's vector(n) is stored as DuckDB's FLOAT[n] (its declared type stays vector(n)).
  if (word === 'vector' && !typeName.arrayBounds) col.typeName = vectorEngineType(vectorDimensions(typeName));
  // An array column's default written as Postgres's array text ('{}', '{a,b}') is read through
  // the column's type, as Postgres reads it (the array-literal rewrite then spells it for DuckDB).
  for (const c of (col.constraints ?? []) as AstNode[]) {
    const expr = c.Constraint?.raw_expr as AstNode | undefined;
    if (contype(c) === 'CONSTR_DEFAULT' && typeName.arrayBounds && expr?.A_Const?.sval) c.Constraint.raw_expr = { TypeCast: { arg: expr, typeName: structuredClone(typeName), location: -1 } };
  }
  // Postgres's generated columns are STORED; DuckDB's are computed when read, with the same values.
  for (const c of (col.constraints ?? []) as AstNode[]) {
    if (contype(c) !== 'CONSTR_GENERATED') continue;
    c.Constraint.generated_kind = 'v';
    plan.generated = true;
  }
  plan.length = declaredLength(typeName);
  if (plan.length) {
    plan.lengthCheck = lengthCheck(colname, plan.length.n);
    col.constraints = [...((col.constraints ?? []) as AstNode[]), plan.lengthCheck];
  }
  return plan;
}

/** A sequence option's number (`START WITH 10`), as a bigint. */
function optionNumber(o: AstNode | undefined): bigint | undefined {
  const arg = o?.DefElem?.arg as AstNode | undefined;
  if (!arg) return undefined;
  if (arg.Integer) return BigInt((arg.Integer.ival as number | undefined) ?? 0);
  if (arg.Float) return BigInt(String(arg.Float.fval));
  return undefined;
}

/**
 * CREATE SEQUENCE for a serial or identity column, with Postgres's defaults for the column's
 * type (an int4 column's sequence ends at 2147483647) and the identity options given.
 */
export function createSequenceSql(qualifiedName: string, seq: SequencePlan, temp: boolean): string {
  const opt = (name: string) => seq.options.find((o) => o.DefElem?.defname === name);
  for (const o of seq.options) {
    const name = o.DefElem?.defname as string;
    if (!['start', 'increment', 'minvalue', 'maxvalue', 'cycle', 'cache', 'as', 'restart'].includes(name)) {
      throw new PgError(SqlStates.feature_not_supported, `sequence option "${name}" is not supported`);
    }
  }
  const [typeMin, typeMax] = intTypes[seq.type];
  const increment = optionNumber(opt('increment')) ?? 1n;
  if (increment === 0n) throw new PgError(SqlStates.invalid_parameter_value, 'INCREMENT must not be zero');
  const min = optionNumber(opt('minvalue')) ?? (increment > 0n ? 1n : typeMin);
  const max = optionNumber(opt('maxvalue')) ?? (increment > 0n ? typeMax : -1n);
  const start = optionNumber(opt('start')) ?? (increment > 0n ? min : max);
  const cycle = opt('cycle')?.DefElem?.arg?.Boolean?.boolval === true;
  return `CREATE ${temp ? 'TEMP ' : ''}SEQUENCE ${qualifiedName} INCREMENT BY ${increment} MINVALUE ${min} MAXVALUE ${max} START WITH ${start}${cycle ? ' CYCLE' : ''}`;
}
