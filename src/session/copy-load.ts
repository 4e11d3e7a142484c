import { type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import { type EngineConnection, type EnginePrepared, type EngineStream, PG_FUNCTIONS_CATALOG, pgNativeName, quoteIdent, quoteLiteral } from '../engine/index.js';
import { PgError, SqlStates, toPgError } from '../errors/index.js';
import type { CopyFromPlan } from '../sql/index.js';
import { CanonicalWriter, type CopyInBatch, type CopyInFormat, columnContext, lineContext, pgTypeOf, type PgTypeDesc, readerFor } from '../types/index.js';

/** A column COPY FROM fills: its name, engine type and Postgres type. */
export interface CopyColumn {
  name: string;
  type: DuckDBType;
  pg: PgTypeDesc;
}

const fn = (name: string) => `${PG_FUNCTIONS_CATALOG}.main.${name}`;

/** Types whose text input jammi parses as Postgres does, with macros (the ones `'…'::type` uses). */
const inputMacros = new Set(['bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'date', 'time', 'timestamp', 'timestamptz']);

/** SQL turning a field's text (or NULL) into a column's value, as the column type's input function would. */
function convertSql(field: string, col: CopyColumn): string {
  const kind = col.pg.kind;
  if (inputMacros.has(kind)) return `${fn(`${kind}_in`)}(${field})`;
  if (kind === 'text' && col.type.typeId === DuckDBTypeId.VARCHAR) return field;
  if (kind === 'bytea') return `${pgNativeName('copy_bytea')}(${field})`;
  if (kind === 'array') return `CAST(${pgNativeName('copy_array')}(${field}) AS ${col.type.toString()})`;
  return `CAST(${field} AS ${col.type.toString()})`;
}

/** How a batch's fields are read: with a delimiter and a NULL text, and backslash escapes decoded or not. */
interface FieldRules {
  escapes: boolean;
  delimiter: string;
  null: string;
  /** CSV FORCE_NOT_NULL per column: the field is the value even when it is the NULL text. */
  raw: readonly boolean[];
}

/**
 * Loads COPY FROM batches into a table: one INSERT … SELECT per batch, whose source splits the
 * batch in the engine (copy_rows) and converts each field with the column type's Postgres
 * input semantics, so column defaults, constraints and casts apply as for any INSERT. When a
 * batch fails, the loader finds the row (and column) at fault and reports it as Postgres
 * does, with the line number in the error's CONTEXT.
 */
export class CopyLoader {
  /** The INSERT for each kind of batch (canonical or not, with escapes or not). */
  private readonly statements = new Map<string, Promise<EnginePrepared>>();

  private constructor(
    private readonly conn: EngineConnection,
    private readonly plan: CopyFromPlan,
    readonly columns: CopyColumn[],
    readonly format: CopyInFormat,
    private readonly probeConnection: () => Promise<EngineConnection>,
  ) {}

  /** Check the target and the column list against the table (errors before COPY IN begins, as in Postgres). */
  static async open(conn: EngineConnection, plan: CopyFromPlan, probeConnection: () => Promise<EngineConnection>): Promise<CopyLoader> {
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
    return new CopyLoader(conn, plan, columns, format, probeConnection);
  }

  /** Type OIDs of the copied columns (the binary format decodes by them). */
  get oids(): number[] {
    return this.columns.map((c) => c.pg.oid);
  }

  /** How fields of a batch are read: canonical batches are text with the defaults; CSV has no escapes. */
  private rules(batch: { canonical: boolean; escapes: boolean }): FieldRules {
    const o = this.plan.options;
    if (batch.canonical || o.format !== 'csv') {
      const own = !batch.canonical && o.format === 'text';
      return { escapes: batch.escapes, delimiter: own ? o.delimiter : '\t', null: own ? o.null : '\\N', raw: [] };
    }
    return { escapes: false, delimiter: o.delimiter, null: o.null, raw: this.format.forceNotNull };
  }

  /** SQL for one field's text: NULL for the NULL text, escapes decoded when the batch has any. */
  private field(r: FieldRules, i: number): string {
    const at = `r.f[${i + 1}]`;
    if (r.raw[i]) return at;
    if (r.escapes) return `${fn('copy_text_field')}(r.f, ${i + 1}, ${quoteLiteral(r.null)})`;
    return `nullif(${at}, ${quoteLiteral(r.null)})`;
  }

  /** The SELECT list converting each field of `r.f` to its column's value. */
  private values(r: FieldRules, only?: number): string[] {
    const n = this.columns.length;
    return this.columns.map((c, i) => (only === undefined || only === i ? convertSql(this.field(r, i), c) : 'NULL')).slice(0, only === undefined ? n : only + 1);
  }

  private source(r: FieldRules, numbered = false): string {
    return `${fn(numbered ? 'copy_numbered_rows' : 'copy_rows')}($1, ${quoteLiteral(r.delimiter)}, ${this.columns.length}) AS r`;
  }

  private statement(batch: CopyInBatch): Promise<EnginePrepared> {
    const key = `${batch.canonical}/${batch.escapes}`;
    let s = this.statements.get(key);
    if (!s) {
      const r = this.rules(batch);
      const cols = this.columns.map((c) => quoteIdent(c.name)).join(', ');
      s = this.conn.prepare(`INSERT INTO ${this.plan.table} (${cols}) SELECT ${this.values(r).join(', ')} FROM ${this.source(r)}`);
      this.statements.set(key, s);
    }
    return s;
  }

  /** Insert one batch; returns the rows inserted. A failure is reported for the row at fault. */
  async load(batch: CopyInBatch): Promise<number> {
    try {
      const stmt = await this.statement(batch);
      return await countOf(await stmt.stream([{ kind: 'bytes', value: batch.bytes }]));
    } catch (e) {
      const err = toPgError(e);
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
   * Find what made a batch fail, the way Postgres reports it: a malformed row (wrong field
   * count, bad UTF-8) from reading the batch again in JS; a value that does not convert by
   * probing its conversion on row ranges (on a connection of its own, since the failed
   * INSERT aborted this one's transaction); anything else (a constraint) as the engine said.
   */
  private async diagnose(batch: CopyInBatch, err: PgError): Promise<PgError> {
    const format = batch.canonical ? { ...this.format, delimiter: 0x09, null: Buffer.from('\\N'), header: false } : { ...this.format, header: false };
    const reader = readerFor(batch.canonical ? 'text' : this.plan.options.format, format, this.oids, true);
    reader.line = batch.firstLine - 1;
    try {
      reader.read(Buffer.concat([batch.bytes, Buffer.from('\n')]), new CanonicalWriter(), true);
    } catch (e) {
      return toPgError(e);
    }
    const probe = await this.probeConnection();
    try {
      return await new BatchProbe(probe, this, batch, this.rules(batch)).explain(err);
    } catch {
      return err.with({ where: `COPY ${this.plan.relname}` });
    } finally {
      probe.close();
    }
  }

  /** @internal SQL of a probe over rows of a batch: every column's conversion, or one column's. */
  probeSql(r: FieldRules, only?: number): string {
    return `SELECT ${this.values(r, only)
      .map((v) => `count(${v})`)
      .join(', ')} FROM ${this.source(r)}`;
  }

  /** @internal SQL of the first row (1-based within the batch) whose conversion of a column gives NULL. */
  firstNullSql(r: FieldRules, column: number): string {
    return `SELECT min(r.k) FROM ${this.source(r, true)} WHERE (${this.values(r, column)[column]}) IS NULL`;
  }

  /** @internal SQL of one field's text value (NULL for the NULL text). */
  fieldSql(r: FieldRules, column: number): string {
    return `SELECT ${this.field(r, column)} FROM ${this.source(r)}`;
  }

  get relname(): string {
    return this.plan.relname;
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

/** Probes one failed batch, row range by row range, for the first value that does not convert. */
class BatchProbe {
  /** Byte offset where each row of the batch starts, and one past the end. */
  private readonly starts: number[] = [0];

  constructor(
    private readonly conn: EngineConnection,
    private readonly loader: CopyLoader,
    private readonly batch: CopyInBatch,
    private readonly rules: FieldRules,
  ) {
    const b = batch.bytes;
    for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, i + 1)) this.starts.push(i + 1);
    this.starts.push(b.length + 1);
  }

  /** Bytes of rows [from, to). */
  private rows(from: number, to: number): Buffer {
    return this.batch.bytes.subarray(this.starts[from], this.starts[to] - 1);
  }

  private async fails(sql: string, from: number, to: number): Promise<PgError | null> {
    const stmt = await this.conn.prepare(sql);
    try {
      await countOf(await stmt.stream([{ kind: 'bytes', value: this.rows(from, to) }]));
      return null;
    } catch (e) {
      return toPgError(e);
    } finally {
      stmt.close();
    }
  }

  async explain(err: PgError): Promise<PgError> {
    const all = this.loader.probeSql(this.rules);
    const rowCount = this.starts.length - 1;
    if (!(await this.fails(all, 0, rowCount))) return this.constraint(err);
    // The first failing row: the shortest failing prefix, by bisection.
    let lo = 0;
    let hi = rowCount;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (await this.fails(all, lo, mid)) hi = mid;
      else lo = mid;
    }
    const line = this.batch.firstLine + lo;
    for (let c = 0; c < this.loader.columns.length; c++) {
      const e = await this.fails(this.loader.probeSql(this.rules, c), lo, lo + 1);
      if (!e) continue;
      const value = await this.fieldText(c, lo);
      return e.with({ where: columnContext(this.loader.relname, line, this.loader.columns[c].name, value) });
    }
    return err.with({ where: lineContext(this.loader.relname, line) });
  }

  /** A constraint failed: a NOT NULL one is placed at the first row that leaves its column NULL. */
  private async constraint(err: PgError): Promise<PgError> {
    if (err.code !== SqlStates.not_null_violation) return err.with({ where: `COPY ${this.loader.relname}` });
    const column = this.loader.columns.findIndex((c) => err.message.includes(`.${c.name}`) || err.message.includes(`"${c.name}"`));
    if (column < 0) return err.with({ where: lineContext(this.loader.relname, this.batch.firstLine) });
    const stmt = await this.conn.prepare(this.loader.firstNullSql(this.rules, column));
    try {
      const chunk = await (await stmt.stream([{ kind: 'bytes', value: this.batch.bytes }])).next();
      const k = chunk ? Number(chunk.getColumnVector(0).getItem(0) ?? 1) : 1;
      return err.with({ where: lineContext(this.loader.relname, this.batch.firstLine + k - 1) });
    } finally {
      stmt.close();
    }
  }

  /** The text of a field of one row (for the CONTEXT), or null. */
  private async fieldText(column: number, row: number): Promise<string | null> {
    const stmt = await this.conn.prepare(this.loader.fieldSql(this.rules, column));
    try {
      const chunk = await (await stmt.stream([{ kind: 'bytes', value: this.rows(row, row + 1) }])).next();
      const v = chunk?.getColumnVector(0).getItem(0);
      return v === null || v === undefined ? null : String(v);
    } catch {
      return null;
    } finally {
      stmt.close();
    }
  }
}
