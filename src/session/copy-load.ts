import { type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import { type EngineConnection, type EngineParam, type EnginePrepared, type EngineStream, PG_FUNCTIONS_CATALOG, pgNativeName, quoteIdent, quoteLiteral } from '../engine/index.js';
import { PgError, SqlStates, toPgError } from '../errors/index.js';
import type { CopyFromPlan } from '../sql/index.js';
import { checkableKinds, type CopyInBatch, type CopyInFormat, columnContext, invalidByteSequence, invalidUtf8At, lineContext, pgTypeOf, type PgTypeDesc, plainShape } from '../types/index.js';

/** A constraint error in Postgres's words (the session's, which knows constraint names), or null. */
export type ExplainError = (e: unknown) => PgError | null;

/** A column COPY FROM fills: its name, engine type and Postgres type. */
export interface CopyColumn {
  name: string;
  type: DuckDBType;
  pg: PgTypeDesc;
}

const fn = (name: string) => `${PG_FUNCTIONS_CATALOG}.main.${name}`;

/** Types whose text input jammi parses as Postgres does, with macros (the ones `'…'::type` uses). */
const inputMacros = new Set(['bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'date', 'time', 'timestamp', 'timestamptz']);

/**
 * SQL turning a field's text (or NULL) into a column's value, as the column type's input
 * function would. `plain`: every value of the batch has the type's plain shape, which DuckDB's
 * own cast reads as Postgres does (a value it refuses fails the batch, and the probe that then
 * finds the row uses the Postgres input macros).
 */
function convertSql(field: string, col: CopyColumn, plain = false): string {
  const kind = col.pg.kind;
  if (plain) return `CAST(${field} AS ${col.type.toString()})`;
  if (inputMacros.has(kind)) return `${fn(`${kind}_in`)}(${field})`;
  if (kind === 'text' && col.type.typeId === DuckDBTypeId.VARCHAR) return field;
  if (kind === 'bytea') return `${pgNativeName('copy_bytea')}(${field})`;
  if (kind === 'array') return `CAST(${pgNativeName('copy_array')}(${field}) AS ${col.type.toString()})`;
  return `CAST(${field} AS ${col.type.toString()})`;
}

/** How a batch's fields are read: with a NULL text, and backslash escapes decoded or not. */
interface FieldRules {
  escapes: boolean;
  null: string;
  /** CSV FORCE_NOT_NULL per column: the field is the value even when it is the NULL text. */
  raw: readonly boolean[];
}

/**
 * Loads COPY FROM batches into a table: one INSERT … SELECT per batch, whose source zips the
 * batch's column buffers back into rows in the engine and converts each field with the column
 * type's Postgres input semantics, so column defaults, constraints and casts apply as for any
 * INSERT. When a batch fails, the loader finds the row (and column) at fault and reports it
 * as Postgres does, with the line number in the error's CONTEXT.
 */
export class CopyLoader {
  /** The INSERT for each kind of batch (canonical or not, with escapes or not, which columns are plain). */
  private readonly statements = new Map<string, Promise<EnginePrepared>>();

  private constructor(
    private readonly conn: EngineConnection,
    private readonly plan: CopyFromPlan,
    readonly columns: CopyColumn[],
    readonly format: CopyInFormat,
    private readonly probeConnection: () => Promise<EngineConnection>,
    private readonly explain: ExplainError,
  ) {}

  /** Check the target and the column list against the table (errors before COPY IN begins, as in Postgres). */
  static async open(conn: EngineConnection, plan: CopyFromPlan, probeConnection: () => Promise<EngineConnection>, explain: ExplainError): Promise<CopyLoader> {
    const described = await conn.prepare(`SELECT * FROM ${plan.table} LIMIT 0`);
    const all = (described.columns ?? []).map((c) => ({ name: c.name, type: c.type, pg: pgTypeOf(c.type) }));
    described.close();
    const columns = plan.columns ? pickColumns(all, plan.columns, plan.relname) : all;
    const names = columns.map((c) => c.name);
    const o = plan.options;
    const flags = (list: string[], what: string) => {
      for (const name of list) {
        if (!all.some((c) => c.name === name)) throw new PgError(SqlStates.undefined_column, `column "${name}" does not exist`);
        if (!names.includes(name)) throw new PgError(SqlStates.invalid_column_reference, `${what} column "${name}" not referenced by COPY`);
      }
      return names.map((n) => list.includes(n));
    };
    const format: CopyInFormat = {
      relname: plan.relname,
      columns: names,
      delimiter: o.delimiter.charCodeAt(0),
      null: Buffer.from(o.null, 'utf8'),
      header: o.header,
      quote: o.quote.charCodeAt(0),
      escape: o.escape.charCodeAt(0),
      forceNotNull: flags(o.forceNotNull, 'FORCE_NOT_NULL'),
      forceNull: flags(o.forceNull, 'FORCE_NULL'),
    };
    const loader = new CopyLoader(conn, plan, columns, format, probeConnection, explain);
    // Preparing the first batch's INSERT now refuses a view before COPY IN begins.
    await loader.statement({ canonical: true, escapes: false }).catch((e: unknown) => {
      const err = toPgError(e);
      throw err.code === SqlStates.wrong_object_type ? new PgError(err.code, `cannot copy to view "${plan.relname}"`) : err;
    });
    return loader;
  }

  /** Type OIDs of the copied columns (the binary format decodes by them). */
  get oids(): number[] {
    return this.columns.map((c) => c.pg.oid);
  }

  get relname(): string {
    return this.plan.relname;
  }

  /** How fields of a batch are read: canonical batches are text with `\N`; CSV as sent has no escapes. */
  private rules(batch: { canonical: boolean; escapes: boolean }): FieldRules {
    const o = this.plan.options;
    if (batch.canonical) return { escapes: batch.escapes, null: '\\N', raw: [] };
    if (o.format === 'csv') return { escapes: false, null: o.null, raw: this.format.forceNotNull };
    return { escapes: batch.escapes, null: o.null, raw: [] };
  }

  /** SQL for one field's text: NULL for the NULL text, escapes decoded when the batch has any. */
  private field(r: FieldRules, i: number): string {
    const at = `r.c${i + 1}`;
    if (r.raw[i]) return at;
    if (r.escapes) return `${fn('copy_text_value')}(${at}, ${quoteLiteral(r.null)})`;
    return `nullif(${at}, ${quoteLiteral(r.null)})`;
  }

  /** The SELECT list converting each field to its column's value (only one column's, for a probe). */
  private values(r: FieldRules, only?: number, plain?: readonly boolean[]): string[] {
    return this.columns.map((c, i) => (only === undefined || only === i ? convertSql(this.field(r, i), c, plain?.[i]) : 'NULL'));
  }

  /** Per column, whether the batch's values all have the plain shape of the column's type. */
  plainColumns(batch: CopyInBatch): boolean[] {
    const nul = batch.canonical ? Buffer.from('\\N') : this.format.null;
    return this.columns.map((c, i) => checkableKinds.has(c.pg.kind) && plainShape(c.pg.kind, batch.columns[i], nul));
  }

  /** The batch's rows: each column buffer split at LF, zipped back together by unnest. */
  private source(): string {
    return `(SELECT ${this.columns.map((_, i) => `unnest(string_split(decode($${i + 1}), chr(10))) AS c${i + 1}`).join(', ')}) AS r`;
  }

  private statement(batch: Pick<CopyInBatch, 'canonical' | 'escapes' | 'plain'>): Promise<EnginePrepared> {
    const plain = batch.plain ?? [];
    const key = `${batch.canonical}/${batch.escapes}/${plain.map(Number).join('')}`;
    let s = this.statements.get(key);
    if (!s) {
      const cols = this.columns.map((c) => quoteIdent(c.name)).join(', ');
      s = this.conn.prepare(`INSERT INTO ${this.plan.table} (${cols}) SELECT ${this.values(this.rules(batch), undefined, plain).join(', ')} FROM ${this.source()}`);
      this.statements.set(key, s);
    }
    return s;
  }

  /** Insert one batch; returns the rows inserted. A failure is reported for the row at fault. */
  async load(batch: CopyInBatch): Promise<number> {
    try {
      const stmt = await this.statement(batch);
      return await countOf(await stmt.stream(params(batch.columns)));
    } catch (e) {
      const err = this.explain(e) ?? toPgError(e);
      if (err.code === SqlStates.query_canceled) throw err;
      throw await this.diagnose(batch, err);
    }
  }

  /** Release the prepared statements. */
  async close(): Promise<void> {
    for (const s of this.statements.values()) (await s.catch(() => null))?.close();
    this.statements.clear();
  }

  /**
   * Find what made a batch fail, the way Postgres reports it: bytes that are not UTF-8; a
   * value that does not convert, by probing conversions on row ranges (on a connection of its
   * own, since the failed INSERT aborted this one's transaction); a NOT NULL violation at the
   * first row it applies to; anything else (another constraint) as the engine said it.
   * Malformed rows never get here: the row readers and the fast path refuse them first.
   */
  private async diagnose(batch: CopyInBatch, err: PgError): Promise<PgError> {
    const rows = new BatchRows(batch);
    const bad = rows.invalidUtf8(this.plan.relname);
    if (bad) return bad;
    const probe = await this.probeConnection();
    try {
      return await new BatchProbe(probe, this, rows, this.rules(batch)).explain(err);
    } catch {
      return err.with({ where: `COPY ${this.plan.relname}` });
    } finally {
      probe.close();
    }
  }

  /** @internal A probe converting every column (or one) over some rows: it fails where the INSERT's conversions fail. */
  probeSql(r: FieldRules, only?: number): string {
    return `SELECT ${this.values(r, only)
      .map((v) => `count(${v})`)
      .join(', ')} FROM ${this.source()}`;
  }

  /** @internal Whether a column converts to NULL in any of some rows. */
  nullSql(r: FieldRules, column: number): string {
    return `SELECT count(*) FROM ${this.source()} WHERE (${this.values(r, column)[column]}) IS NULL`;
  }

  /** @internal One field's text value (NULL for the NULL text), for an error's CONTEXT. */
  fieldSql(r: FieldRules, column: number): string {
    return `SELECT ${this.field(r, column)} FROM ${this.source()}`;
  }
}

/** The columns a COPY names, checked as Postgres checks them (CopyGetAttnums). */
function pickColumns(all: CopyColumn[], names: string[], relname: string): CopyColumn[] {
  const seen = new Set<string>();
  return names.map((name) => {
    const col = all.find((c) => c.name === name);
    if (!col) throw new PgError(SqlStates.undefined_column, `column "${name}" of relation "${relname}" does not exist`);
    if (seen.has(name)) throw new PgError(SqlStates.duplicate_column, `column "${name}" specified more than once`);
    seen.add(name);
    return col;
  });
}

const params = (columns: Buffer[]): EngineParam[] => columns.map((value) => ({ kind: 'bytes', value }));

/** Rows a DML statement changed: DuckDB reports rows-changed or one "Count" row. */
async function countOf(stream: EngineStream): Promise<number> {
  let count = stream.changedRows ?? 0;
  for (;;) {
    const c = await stream.next();
    if (!c) break;
    if (stream.changedRows === null && c.rowCount > 0) count = Number(c.getColumnVector(0).getItem(0));
  }
  return count;
}

/** A batch's rows by number: where each row's value starts in each column buffer. */
class BatchRows {
  /** Per column, the offset of each row's value, and one past the end. */
  private readonly starts: number[][];

  constructor(readonly batch: CopyInBatch) {
    this.starts = batch.columns.map((b) => {
      const s = [0];
      for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, i + 1)) s.push(i + 1);
      s.push(b.length + 1);
      return s;
    });
  }

  get count(): number {
    return this.batch.rows;
  }

  line(row: number): number {
    return this.batch.firstLine + row;
  }

  /** The column buffers of rows [from, to). */
  slice(from: number, to: number): Buffer[] {
    return this.batch.columns.map((b, k) => b.subarray(this.starts[k][from], this.starts[k][to] - 1));
  }

  /** Postgres's error for the first value that is not UTF-8 (or holds NUL), or null. */
  invalidUtf8(relname: string): PgError | null {
    let first: { row: number; err: PgError } | null = null;
    this.batch.columns.forEach((b, k) => {
      const at = invalidUtf8At(b, 0, b.length);
      if (at < 0) return;
      const row = this.starts[k].findIndex((s) => s > at) - 1;
      if (!first || row < first.row) first = { row, err: invalidByteSequence(b, at, b.length) };
    });
    const found = first as { row: number; err: PgError } | null;
    return found ? found.err.with({ where: lineContext(relname, this.line(found.row)) }) : null;
  }
}

/** Probes one failed batch, row range by row range, for the first value that does not convert. */
class BatchProbe {
  constructor(
    private readonly conn: EngineConnection,
    private readonly loader: CopyLoader,
    private readonly rows: BatchRows,
    private readonly rules: FieldRules,
  ) {}

  /** Run `sql` over rows [from, to): the error it raises, or null; `result` gets the first value. */
  private async run(sql: string, from: number, to: number): Promise<{ error: PgError | null; value: unknown }> {
    const stmt = await this.conn.prepare(sql);
    try {
      const chunk = await (await stmt.stream(params(this.rows.slice(from, to)))).next();
      return { error: null, value: chunk && chunk.rowCount > 0 ? chunk.getColumnVector(0).getItem(0) : null };
    } catch (e) {
      return { error: toPgError(e), value: null };
    } finally {
      stmt.close();
    }
  }

  /** The first row in [0, count) for which `hit(from, to)` holds over a range holding it (by bisection), or -1. */
  private async first(hit: (from: number, to: number) => Promise<boolean>): Promise<number> {
    let lo = 0;
    let hi = this.rows.count;
    if (!(await hit(lo, hi))) return -1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (await hit(lo, mid)) hi = mid;
      else lo = mid;
    }
    return lo;
  }

  async explain(err: PgError): Promise<PgError> {
    const relname = this.loader.relname;
    const all = this.loader.probeSql(this.rules);
    const row = await this.first(async (a, b) => (await this.run(all, a, b)).error !== null);
    if (row < 0) return this.constraint(err);
    const line = this.rows.line(row);
    for (let c = 0; c < this.loader.columns.length; c++) {
      const { error } = await this.run(this.loader.probeSql(this.rules, c), row, row + 1);
      if (!error) continue;
      const { value } = await this.run(this.loader.fieldSql(this.rules, c), row, row + 1);
      return error.with({ where: columnContext(relname, line, this.loader.columns[c].name, value === null || value === undefined ? null : String(value)) });
    }
    return err.with({ where: lineContext(relname, line) });
  }

  /** A constraint failed: a NOT NULL one is placed at the first row that leaves its column NULL. */
  private async constraint(err: PgError): Promise<PgError> {
    const relname = this.loader.relname;
    if (err.code !== SqlStates.not_null_violation) return err.with({ where: `COPY ${relname}` });
    const column = this.loader.columns.findIndex((c) => err.message.includes(`.${c.name}`) || err.message.includes(`"${c.name}"`));
    // A column the COPY does not fill gets its default for every row: the first row fails.
    if (column < 0) return err.with({ where: lineContext(relname, this.rows.line(0)) });
    const sql = this.loader.nullSql(this.rules, column);
    const row = await this.first(async (a, b) => Number((await this.run(sql, a, b)).value ?? 0) > 0);
    return err.with({ where: lineContext(relname, this.rows.line(Math.max(0, row))) });
  }
}
