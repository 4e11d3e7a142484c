import { type DuckDBEnumType, type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import type { MutableColumn } from '../catalog/index.js';
import type { Engine } from '../engine/index.js';
import { descForOid, formatType, PgOid, pgTypeOf, type PgTypeDesc } from '../types/index.js';
import type { DeclaredColumn } from '../sql/index.js';

/** A DuckDB column type as jammi reports it, plus an enum's labels. */
export interface EngineType {
  desc: PgTypeDesc;
  enumLabels?: string[];
}

const textType: EngineType = { desc: descForOid(PgOid.text) };

function engineType(t: DuckDBType): EngineType {
  const desc = pgTypeOf(t);
  return t.typeId === DuckDBTypeId.ENUM ? { desc, enumLabels: [...(t as DuckDBEnumType).values] } : { desc };
}

/**
 * Turns DuckDB's type spellings (duckdb_columns().data_type: `DECIMAL(10,2)`, `VARCHAR[]`,
 * `ENUM('a', 'b')`) into the Postgres types of the one type map, by asking DuckDB to describe
 * `CAST(NULL AS <type>)`: every new spelling costs one prepare, and spellings are remembered.
 */
export class EngineTypes {
  private readonly known = new Map<string, EngineType>();

  constructor(private readonly engine: Engine) {}

  /** Learn every spelling in `names` not seen before. */
  async learn(names: Iterable<string>): Promise<void> {
    const missing = [...new Set(names)].filter((n) => !this.known.has(n));
    if (missing.length === 0) return;
    try {
      const cols = await this.engine.describe(`SELECT ${missing.map((n, i) => `CAST(NULL AS ${n}) AS "${i}"`).join(', ')}`);
      missing.forEach((n, i) => this.known.set(n, engineType(cols[i].type)));
    } catch {
      // One spelling DuckDB cannot read back: learn them one by one; what fails is text.
      for (const n of missing) {
        const cols = await this.engine.describe(`SELECT CAST(NULL AS ${n})`).catch(() => null);
        this.known.set(n, cols ? engineType(cols[0].type) : textType);
      }
    }
  }

  /** A spelling learnt before (text if it never was). */
  get(name: string): EngineType {
    return this.known.get(name) ?? textType;
  }
}

/** Whether two type descriptions encode values the same way (an array's elements included). */
function sameEncoding(a: PgTypeDesc, b: PgTypeDesc): boolean {
  // A pgvector column is stored as DuckDB's FLOAT[n].
  if (a.kind === 'pgvector') return b.kind === 'array' && b.element?.kind === 'float4';
  if (a.kind !== b.kind) return false;
  return a.kind !== 'array' || (a.element !== undefined && b.element !== undefined && sameEncoding(a.element, b.element));
}

/** A column of DuckDB's metadata (duckdb_columns()). */
export interface EngineColumnInfo {
  name: string;
  duckdbType: string;
  nullable: boolean;
  default: string | null;
  comment?: string;
}

/**
 * One column's registry entry: DuckDB's column with the client's declared type where the
 * declaration still fits the column. A declaration fits when it names a type whose values
 * DuckDB's type encodes the same way (varchar(20) over VARCHAR, jsonb over JSON, numeric over
 * DECIMAL), or a user type (an enum) over anything: a stale or foreign declaration can then
 * never make jammi report a type its values do not have.
 */
export function mergeColumn(col: EngineColumnInfo, type: EngineType, declared: DeclaredColumn | undefined): MutableColumn {
  const derived = { type: formatType(type.desc.oid, type.desc.typmod) ?? 'text', oid: type.desc.oid, typmod: type.desc.typmod };
  let chosen = derived;
  if (declared && declared.oid !== null && sameEncoding(descForOid(declared.oid), type.desc)) {
    chosen = { type: declared.name, oid: declared.oid, typmod: declared.typmod };
  } else if (declared && declared.oid === null) {
    chosen = { ...derived, type: declared.name };
  }
  // DuckDB keeps the default it enforces; the declared spelling is shown only while one exists.
  const dflt = col.default === null ? null : (declared?.default ?? col.default);
  return {
    name: col.name,
    ...chosen,
    nullable: col.nullable,
    default: dflt,
    duckdbType: col.duckdbType,
    ...(type.enumLabels ? { enumLabels: type.enumLabels } : {}),
    ...(col.comment ? { comment: col.comment } : {}),
  };
}
