import { BIGINT, BOOLEAN, INTEGER, VARCHAR } from '@duckdb/node-api';
import type { NativeSpec } from '../engine/index.js';

/**
 * PostgreSQL 15's reserved key words that quote_identifier quotes in a catalog name. (Its
 * unreserved and type-name key words, such as json and int, are printed bare.)
 * @see https://www.postgresql.org/docs/15/sql-keywords-appendix.html
 */
const reserved = new Set(
  'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar some symmetric table tablesample then to trailing true union unique user using variadic verbose when where window with'.split(' '),
);

/** Postgres's spelling of a name in catalog output: quoted unless plain lower-case letters, digits, `_` and `$`, and not reserved. */
export function quoteIdentifier(s: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(s) && !reserved.has(s) ? s : `"${s.replace(/"/g, '""')}"`;
}

/** Schemas searched without qualification (search_path's default): pg_catalog, public. */
const visible = new Set([11, 2200]);

interface TypeRow {
  typname: string;
  typnamespace: number;
  typelem: number;
  typcategory: string;
  typlen: number;
}

/** A row read back from the emulated catalog. */
type Row = Record<string, unknown>;

/** The catalog data the lookup functions answer from, read back after every load and refresh. */
export interface LookupData {
  classes: Row[];
  namespaces: Row[];
  types: Row[];
  procs: Row[];
  indexdefs: Row[];
  constraintdefs: Row[];
  viewdefs: Row[];
  /** `{ relid, attname, seq }`: the sequence behind a serial or identity column. */
  serialSequences: Row[];
  procdefs: Row[];
  descriptions: Row[];
}

/**
 * Split `schema.name` (quoted parts keep their case, others fold to lower case); null when malformed.
 * With `withCatalog`, `database.schema.name` is accepted too and the database dropped: jammi
 * serves one database, named after the client's (TypeORM casts `"db"."schema"."table"` to regclass).
 */
export function parseQualifiedName(s: string, withCatalog = false): { schema: string | null; name: string } | null {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")+)"|([^."\s]+))\s*(\.|$)/y;
  let pos = 0;
  const text = s.trim();
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return null;
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].toLowerCase());
    pos = re.lastIndex;
    if (m[3] === '') break;
  }
  if (parts.length === 1) return { schema: null, name: parts[0] };
  if (parts.length === 2) return { schema: parts[0], name: parts[1] };
  if (parts.length === 3 && withCatalog) return { schema: parts[1], name: parts[2] };
  return null;
}

/**
 * Postgres's catalog functions that look objects up (format_type, pg_get_indexdef, the
 * reg* casts…), answered from maps of the emulated catalog. They are native functions
 * rather than macros over the catalog tables: a macro's subquery would capture the
 * caller's column names (`format_type(oid, NULL) FROM pg_type` would see its own `oid`).
 */
export class CatalogLookups {
  private classes = new Map<number, { relname: string; relnamespace: number }>();
  private classByName = new Map<string, number>();
  private namespaces = new Map<number, string>();
  private namespaceByName = new Map<string, number>();
  private types = new Map<number, TypeRow>();
  private typeByName = new Map<string, number>();
  private procs = new Map<number, string>();
  private procByName = new Map<string, number>();
  private indexdefs = new Map<number, { def: string; columns: string[] }>();
  private constraintdefs = new Map<number, string>();
  private viewdefs = new Map<number, string>();
  private serialSequences = new Map<string, string>();
  private procdefs = new Map<number, { result: string; arguments: string; identity: string }>();
  private descriptions = new Map<string, string>();

  /** Replace the maps with freshly read catalog rows. */
  update(d: LookupData): void {
    const n = (v: unknown) => Number(v);
    this.classes = new Map(d.classes.map((r) => [n(r.oid), { relname: String(r.relname), relnamespace: n(r.relnamespace) }]));
    this.namespaces = new Map(d.namespaces.map((r) => [n(r.oid), String(r.nspname)]));
    this.namespaceByName = new Map(d.namespaces.map((r) => [String(r.nspname), n(r.oid)]));
    this.classByName = new Map();
    for (const [oid, c] of this.classes) this.classByName.set(`${c.relnamespace}.${c.relname}`, oid);
    this.types = new Map(d.types.map((r) => [n(r.oid), { typname: String(r.typname), typnamespace: n(r.typnamespace), typelem: n(r.typelem), typcategory: String(r.typcategory), typlen: n(r.typlen) }]));
    this.typeByName = new Map();
    for (const [oid, t] of [...this.types].sort((a, b) => b[0] - a[0])) this.typeByName.set(t.typname, oid);
    this.procs = new Map(d.procs.map((r) => [n(r.oid), String(r.proname)]));
    this.procByName = new Map();
    for (const [oid, name] of [...this.procs].sort((a, b) => b[0] - a[0])) this.procByName.set(name, oid);
    this.indexdefs = new Map(d.indexdefs.map((r) => [n(r.oid), { def: String(r.def), columns: ((r.columns ?? []) as unknown[]).map(String) }]));
    this.constraintdefs = new Map(d.constraintdefs.map((r) => [n(r.oid), String(r.def)]));
    this.viewdefs = new Map(d.viewdefs.map((r) => [n(r.oid), String(r.def)]));
    this.serialSequences = new Map(d.serialSequences.map((r) => [`${n(r.relid)}.${String(r.attname)}`, String(r.seq)]));
    this.procdefs = new Map(d.procdefs.map((r) => [n(r.oid), { result: String(r.result), arguments: String(r.arguments), identity: String(r.identity_arguments) }]));
    this.descriptions = new Map(d.descriptions.map((r) => [`${n(r.objoid)}.${n(r.classoid)}.${n(r.objsubid)}`, String(r.description)]));
  }

  /** format_type(type, typmod): Postgres's SQL spellings with typmods, arrays as `elem[]`, other names qualified when not visible. */
  formatType(oid: number, typmod: number | null): string {
    const t = this.types.get(oid);
    if (t && t.typcategory === 'A' && t.typelem !== 0 && t.typlen === -1) return this.formatScalar(t.typelem, typmod) + '[]';
    return this.formatScalar(oid, typmod);
  }

  private formatScalar(oid: number, m: number | null): string {
    const mod = m ?? -1;
    switch (oid) {
      case 16: return 'boolean';
      case 20: return 'bigint';
      case 21: return 'smallint';
      case 23: return 'integer';
      case 700: return 'real';
      case 701: return 'double precision';
      case 18: return '"char"';
      case 1042: return mod > 4 ? `character(${mod - 4})` : m === null ? 'bpchar' : 'character';
      case 1043: return mod > 4 ? `character varying(${mod - 4})` : 'character varying';
      case 1700: return mod >= 4 ? `numeric(${(mod - 4) >> 16},${(mod - 4) & 0xffff})` : 'numeric';
      case 1083: return mod >= 0 ? `time(${mod}) without time zone` : 'time without time zone';
      case 1266: return mod >= 0 ? `time(${mod}) with time zone` : 'time with time zone';
      case 1114: return mod >= 0 ? `timestamp(${mod}) without time zone` : 'timestamp without time zone';
      case 1184: return mod >= 0 ? `timestamp(${mod}) with time zone` : 'timestamp with time zone';
      case 1186: return mod >= 0 && (mod & 0xffff) !== 0xffff ? `interval(${mod & 0xffff})` : 'interval';
      case 1560: return mod > 0 ? `bit(${mod})` : 'bit';
      case 1562: return mod > 0 ? `bit varying(${mod})` : 'bit varying';
      case 16200: return mod > 0 ? `vector(${mod})` : 'vector';
    }
    const t = this.types.get(oid);
    if (!t) return '???';
    return visible.has(t.typnamespace) ? quoteIdentifier(t.typname) : `${quoteIdentifier(this.namespaces.get(t.typnamespace) ?? '?')}.${quoteIdentifier(t.typname)}`;
  }

  private relationName(oid: number): string | null {
    const c = this.classes.get(oid);
    if (!c) return null;
    return visible.has(c.relnamespace) ? quoteIdentifier(c.relname) : `${quoteIdentifier(this.namespaces.get(c.relnamespace) ?? '?')}.${quoteIdentifier(c.relname)}`;
  }

  private regclassIn(s: string): number | null {
    if (/^\s*\d+\s*$/.test(s)) return Number(s);
    const q = parseQualifiedName(s, true);
    if (!q) return null;
    if (q.schema !== null) {
      const ns = this.namespaceByName.get(q.schema);
      return ns === undefined ? null : (this.classByName.get(`${ns}.${q.name}`) ?? null);
    }
    return this.classByName.get(`11.${q.name}`) ?? this.classByName.get(`2200.${q.name}`) ?? null;
  }

  private regtypeIn(s: string): number | null {
    const text = s.trim().replace(/^pg_catalog\./, '');
    if (/^\d+$/.test(text)) return Number(text);
    if (text.endsWith('[]')) {
      const el = this.regtypeIn(text.slice(0, -2));
      const t = el === null ? undefined : [...this.types].find(([, r]) => r.typelem === el && r.typcategory === 'A');
      return t ? t[0] : null;
    }
    const q = parseQualifiedName(text);
    const byName = q ? this.typeByName.get(q.name) : undefined;
    if (byName !== undefined) return byName;
    const lower = text.toLowerCase().replace(/\s+/g, ' ');
    const aliases: Record<string, number> = { int: 23, 'timestamp without time zone': 1114, 'timestamp with time zone': 1184, 'time without time zone': 1083, 'time with time zone': 1266, decimal: 1700, char: 1042, character: 1042, 'character varying': 1043, 'double precision': 701, real: 700, boolean: 16, integer: 23, bigint: 20, smallint: 21 };
    return aliases[lower] ?? null;
  }

  /**
   * pg_get_serial_sequence(table, column): the sequence behind a serial or identity column as
   * qualified regclass text, NULL for a column without one. The column name is taken as
   * written (Postgres folds it unless quoted; clients pass attname, which is exact).
   */
  serialSequence(table: string, column: string): string | null {
    const rel = this.regclassIn(table);
    if (rel === null) return null;
    const q = /^"(.*)"$/.exec(column);
    return this.serialSequences.get(`${rel}.${q ? q[1].replace(/""/g, '"') : column}`) ?? null;
  }

  /** Searches an index answered, by schema and index name (pg_stat_user_indexes.idx_scan); set by the server. */
  indexScans: (schema: string, name: string) => number = () => 0;

  /** The native functions, named `jammi_pg_catalog_<name>` (see catalog-functions.ts for the SQL names). */
  natives(): NativeSpec[] {
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return [
      { name: 'catalog_format_type', params: [BIGINT, INTEGER], returns: VARCHAR, nullAware: true, row: ([t, m]) => (t === null ? null : this.formatType(Number(t), num(m))) },
      { name: 'catalog_class_visible', params: [BIGINT], returns: BOOLEAN, row: ([o]) => { const c = this.classes.get(Number(o)); return c ? visible.has(c.relnamespace) : null; } },
      { name: 'catalog_type_visible', params: [BIGINT], returns: BOOLEAN, row: ([o]) => { const t = this.types.get(Number(o)); return t ? visible.has(t.typnamespace) : null; } },
      { name: 'catalog_indexdef', params: [BIGINT, INTEGER], returns: VARCHAR, row: ([o, k]) => { const d = this.indexdefs.get(Number(o)); return !d ? null : Number(k) === 0 ? d.def : (d.columns[Number(k) - 1] ?? null); } },
      { name: 'catalog_constraintdef', params: [BIGINT], returns: VARCHAR, row: ([o]) => this.constraintdefs.get(Number(o)) ?? null },
      { name: 'catalog_viewdef', params: [BIGINT], returns: VARCHAR, row: ([o]) => this.viewdefs.get(Number(o)) ?? null },
      { name: 'catalog_procdef', params: [BIGINT, VARCHAR], returns: VARCHAR, row: ([o, part]) => { const d = this.procdefs.get(Number(o)); return d ? d[part as 'result' | 'arguments' | 'identity'] : null; } },
      { name: 'catalog_description', params: [BIGINT, BIGINT, INTEGER], returns: VARCHAR, row: ([o, cls, sub]) => this.descriptions.get(`${Number(o)}.${Number(cls)}.${Number(sub)}`) ?? null },
      { name: 'catalog_serial_sequence', params: [VARCHAR, VARCHAR], returns: VARCHAR, row: ([t, c]) => this.serialSequence(String(t), String(c)) },
      { name: 'catalog_class_oid', params: [VARCHAR], returns: BIGINT, row: ([name]) => { const oid = this.classByName.get(`11.${String(name)}`); return oid === undefined ? null : BigInt(oid); } },
      { name: 'catalog_regclass_in', params: [VARCHAR], returns: BIGINT, row: ([s]) => { const o = this.regclassIn(String(s)); return o === null ? null : BigInt(o); } },
      { name: 'catalog_regclass_out', params: [BIGINT], returns: VARCHAR, row: ([o]) => this.relationName(Number(o)) ?? String(o) },
      { name: 'catalog_regtype_in', params: [VARCHAR], returns: BIGINT, row: ([s]) => { const o = this.regtypeIn(String(s)); return o === null ? null : BigInt(o); } },
      { name: 'catalog_regtype_out', params: [BIGINT], returns: VARCHAR, row: ([o]) => (this.types.has(Number(o)) ? this.formatType(Number(o), null) : String(o)) },
      { name: 'catalog_regproc_name', params: [VARCHAR], returns: VARCHAR, row: ([s]) => parseQualifiedName(String(s).replace(/\(.*\)\s*$/, ''))?.name ?? String(s) },
      { name: 'catalog_regproc_in', params: [VARCHAR], returns: BIGINT, row: ([s]) => { const q = parseQualifiedName(String(s).replace(/\(.*\)\s*$/, '')); const o = q ? this.procByName.get(q.name) : undefined; return o === undefined ? null : BigInt(o); } },
      { name: 'catalog_regproc_out', params: [BIGINT], returns: VARCHAR, row: ([o]) => this.procs.get(Number(o)) ?? String(o) },
      { name: 'catalog_regnamespace_in', params: [VARCHAR], returns: BIGINT, row: ([s]) => { const q = parseQualifiedName(String(s)); const o = q && q.schema === null ? this.namespaceByName.get(q.name) : undefined; return o === undefined ? null : BigInt(o); } },
      { name: 'catalog_index_scans', params: [VARCHAR, VARCHAR], returns: BIGINT, row: ([sch, name]) => BigInt(this.indexScans(String(sch), String(name))) },
      { name: 'catalog_regnamespace_out', params: [BIGINT], returns: VARCHAR, row: ([o]) => { const n = this.namespaces.get(Number(o)); return n === undefined ? String(o) : quoteIdentifier(n); } },
    ];
  }
}
