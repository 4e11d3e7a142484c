import type { MutableTableDef } from '../catalog/index.js';
import { quoteIdentPg } from '../engine/index.js';
import type { OidRegistry } from './oid-registry.js';
import type { CatalogSnapshot, SnapshotColumn, SnapshotRelation } from './snapshot.types.js';

/** What pg_attribute copies from a column's type (pg_type's typlen, typbyval, typalign, typstorage, typcollation). */
export interface TypeStorage {
  typlen: number;
  typbyval: boolean;
  typalign: string;
  typstorage: string;
  typcollation: number;
}

/** Rows for the emulated tables (only the fields jammi knows; the rest take defaults), and the side tables. */
export type LiveRows = Record<string, Record<string, unknown>[]>;

/** OIDs of built-in objects the rows point at. */
const Oid = { pgCatalog: 11, public: 2200, pgClass: 1259, pgNamespace: 2615, pgType: 1247, heap: 2, btree: 403, int8: 20, owner: 10 } as const;

/** A relation of any kind, as the row builder handles it. */
interface Rel {
  oid: number;
  namespace: number;
  name: string;
  kind: 'r' | 'v' | 'f' | 'i' | 'S';
  columns: { name: string; oid: number; typmod: number; notnull: boolean; default?: string | null; identity?: string }[];
  comment?: string;
  columnComments?: Record<string, string>;
  hasIndex?: boolean;
  checks?: number;
  /** Postgres enforces foreign keys with triggers on both tables; psql lists foreign keys only for a table that has triggers. */
  hasTriggers?: boolean;
  /** An index's access method when it is not btree (pg_class.relam). */
  am?: number;
}

/**
 * pg_am's OID for pgvector's `hnsw` (CREATE EXTENSION vector would assign one; jammi fixes it,
 * next to the vector type's 16200/16201).
 */
export const HNSW_AM_OID = 16202;

/** Builds the live rows of one snapshot. */
class RowBuilder {
  readonly rows: LiveRows = {};
  private readonly namespaces = new Map<string, number>([
    ['pg_catalog', Oid.pgCatalog],
    ['public', Oid.public],
    ['information_schema', 13207],
  ]);

  constructor(
    private readonly oids: OidRegistry,
    private readonly storage: (typeOid: number) => TypeStorage | undefined,
  ) {}

  push(table: string, row: Record<string, unknown>): void {
    (this.rows[table] ??= []).push(row);
  }

  namespace(name: string, comment?: string): number {
    let oid = this.namespaces.get(name);
    if (oid === undefined) {
      oid = this.oids.oidOf(`namespace:${name}`);
      this.namespaces.set(name, oid);
      this.push('pg_namespace', { oid, nspname: name, nspowner: Oid.owner });
      if (comment) this.describe(oid, Oid.pgNamespace, 0, comment);
    }
    return oid;
  }

  /** The composite type Postgres makes for every table, view and foreign table (named after it), and its array type; returns the row type's OID. */
  private rowType(r: Rel): number {
    const oid = this.oids.oidOf(`rowtype:${r.oid}`);
    const arr = this.oids.oidOf(`rowtype:${r.oid}[]`);
    const common = { typnamespace: r.namespace, typlen: -1, typbyval: false, typalign: 'd', typstorage: 'x' };
    this.push('pg_type', { ...common, oid, typname: r.name, typtype: 'c', typcategory: 'C', typrelid: r.oid, typsubscript: '-', typelem: 0, typarray: arr, typinput: 'record_in', typoutput: 'record_out', typreceive: 'record_recv', typsend: 'record_send', typanalyze: '-' });
    this.push('pg_type', { ...common, oid: arr, typname: `_${r.name}`, typtype: 'b', typcategory: 'A', typsubscript: 'array_subscript_handler', typelem: oid, typarray: 0, typinput: 'array_in', typoutput: 'array_out', typreceive: 'array_recv', typsend: 'array_send', typanalyze: 'array_typanalyze' });
    return oid;
  }

  describe(objoid: number, classoid: number, objsubid: number, description: string): void {
    this.push('pg_description', { objoid, classoid, objsubid, description });
  }

  relation(r: Rel): void {
    const noStorage = r.kind === 'v' || r.kind === 'f';
    const reltype = r.kind === 'i' || r.kind === 'S' ? 0 : this.rowType(r);
    this.push('pg_class', {
      oid: r.oid,
      relname: r.name,
      relnamespace: r.namespace,
      relam: r.kind === 'r' ? Oid.heap : r.kind === 'i' ? (r.am ?? Oid.btree) : 0,
      relfilenode: noStorage ? 0 : r.oid,
      relhasindex: Boolean(r.hasIndex),
      relkind: r.kind,
      reltype,
      // Postgres builds an index on an empty table as one (metapage) page of no tuples; a table not yet vacuumed has 0 pages and -1 tuples.
      ...(r.kind === 'i' ? { relpages: 1, reltuples: 0 } : {}),
      relnatts: r.columns.length,
      relchecks: r.checks ?? 0,
      relhastriggers: Boolean(r.hasTriggers),
      relreplident: r.kind === 'r' ? 'd' : 'n',
    });
    if (r.comment) this.describe(r.oid, Oid.pgClass, 0, r.comment);
    r.columns.forEach((c, i) => {
      const st = this.storage(c.oid) ?? { typlen: -1, typbyval: false, typalign: 'i', typstorage: 'x', typcollation: 0 };
      this.push('pg_attribute', {
        attrelid: r.oid,
        attname: c.name,
        atttypid: c.oid,
        attlen: st.typlen,
        attnum: i + 1,
        attndims: 0,
        atttypmod: c.typmod,
        attbyval: st.typbyval,
        attalign: st.typalign,
        attstorage: st.typstorage,
        attnotnull: c.notnull,
        atthasdef: Boolean(c.default),
        attidentity: c.identity ?? '',
        attcollation: st.typcollation,
      });
      const comment = r.columnComments?.[c.name];
      if (comment) this.describe(r.oid, Oid.pgClass, i + 1, comment);
    });
  }
}

/** Defaults of the columns jammi leaves out, per table (the rest are NULL). */
export const liveDefaults: Record<string, Record<string, unknown>> = {
  pg_namespace: {},
  pg_class: {
    reltype: 0, reloftype: 0, relowner: Oid.owner, reltablespace: 0, relpages: 0, reltuples: -1, relallvisible: 0, reltoastrelid: 0, relisshared: false,
    relpersistence: 'p', relhasrules: false, relhastriggers: false, relhassubclass: false, relrowsecurity: false, relforcerowsecurity: false,
    relispopulated: true, relispartition: false, relrewrite: 0, relfrozenxid: '0', relminmxid: '0',
  },
  pg_attribute: { attstattarget: -1, attcacheoff: -1, attgenerated: '', attisdropped: false, attislocal: true, attinhcount: 0, attcompression: '', atthasmissing: false },
  pg_attrdef: {},
  pg_index: {
    indnullsnotdistinct: false, indisexclusion: false, indimmediate: true, indisclustered: false, indisvalid: true, indcheckxmin: false, indisready: true,
    indislive: true, indisreplident: false,
  },
  pg_constraint: { condeferrable: false, condeferred: false, convalidated: true, contypid: 0, conparentid: 0, conislocal: true, coninhcount: 0, connoinherit: false },
  pg_description: {},
  pg_type: {
    typowner: Oid.owner, typispreferred: false, typisdefined: true, typdelim: ',', typrelid: 0, typmodin: '-', typmodout: '-', typnotnull: false, typbasetype: 0,
    typtypmod: -1, typndims: 0, typcollation: 0,
  },
  pg_enum: {},
  pg_sequence: { seqtypid: Oid.int8, seqcache: 1 },
  pg_depend: {},
  pg_foreign_data_wrapper: { fdwowner: Oid.owner, fdwhandler: 0, fdwvalidator: 0 },
  pg_foreign_server: { srvowner: Oid.owner },
  pg_foreign_table: {},
  _jammi_indexdef: {},
  _jammi_constraintdef: {},
  _jammi_viewdef: {},
  _jammi_serial_sequence: {},
};

/** The largest value of a sequence of each integer type (smallint, integer, bigint). */
const sequenceMax: Record<number, string> = { 21: '32767', 23: '2147483647', 20: '9223372036854775807' };

/** The identity code of pg_attribute for jammi's identity kinds (serial columns are plain columns with a default). */
const identityCode: Record<string, string> = { always: 'a', 'by default': 'd' };

/** A column's position (attnum) in a table of the snapshot, 0 when unknown. */
type AttnumOf = (schema: string, table: string, column: string) => number;

function writableTable(b: RowBuilder, oids: OidRegistry, t: MutableTableDef, identity: Map<string, string>, attnumOf: AttnumOf, withForeignKeys: ReadonlySet<string>): void {
  const ns = b.namespace(t.schema);
  const oid = oids.oidOf(`class:${t.schema}.${t.table}`);
  const checks = t.constraints.filter((c) => c.type === 'CHECK').length;
  const columnComments = Object.fromEntries(t.columns.filter((c) => c.comment).map((c) => [c.name, c.comment!]));
  b.relation({
    oid,
    namespace: ns,
    name: t.table,
    kind: 'r',
    columns: t.columns.map((c) => ({ name: c.name, oid: c.oid, typmod: c.typmod, notnull: !c.nullable, default: identity.has(c.name) && identity.get(c.name) !== 'serial' ? null : c.default, identity: identityCode[identity.get(c.name) ?? ''] })),
    comment: t.comment,
    columnComments,
    hasIndex: t.indexes.length > 0,
    checks,
    hasTriggers: withForeignKeys.has(`${t.schema}.${t.table}`),
  });
  const attnum = (name: string) => t.columns.findIndex((c) => c.name === name) + 1;
  t.columns.forEach((c, i) => {
    if (!c.default || (identity.has(c.name) && identity.get(c.name) !== 'serial')) return;
    b.push('pg_attrdef', { oid: oids.oidOf(`attrdef:${t.schema}.${t.table}.${c.name}`), adrelid: oid, adnum: i + 1, adbin: c.default });
  });
  const indexOids = new Map<string, number>();
  for (const ix of t.indexes) {
    const ixOid = oids.oidOf(`class:${t.schema}.${ix.name}`);
    indexOids.set(ix.name, ixOid);
    const cols = ix.columns.map((name) => t.columns.find((c) => c.name === name));
    b.relation({
      oid: ixOid,
      namespace: ns,
      name: ix.name,
      kind: 'i',
      ...(ix.method === 'hnsw' ? { am: HNSW_AM_OID } : {}),
      columns: ix.columns.map((name, k) => ({ name, oid: cols[k]?.oid ?? 25, typmod: cols[k]?.typmod ?? -1, notnull: false })),
    });
    const keys = ix.columns.map((name) => attnum(name));
    const expressions = ix.columns.filter((_, k) => keys[k] === 0);
    b.push('pg_index', {
      indexrelid: ixOid,
      indrelid: oid,
      indnatts: keys.length,
      indnkeyatts: keys.length,
      indisunique: ix.unique,
      indisprimary: ix.primary,
      indkey: keys,
      indcollation: ix.columns.map((_, k) => (cols[k] && [25, 1042, 1043].includes(cols[k]!.oid) ? 100 : 0)),
      indclass: keys.map(() => 0),
      indoption: keys.map(() => 0),
      indexprs: expressions.length ? expressions.join(', ') : null,
    });
    b.push('_jammi_indexdef', { oid: ixOid, def: ix.definition, columns: ix.columns.map((name, k) => (keys[k] ? quoteIdentPg(name) : name)) });
  }
  for (const c of t.constraints) {
    const contype = { 'PRIMARY KEY': 'p', UNIQUE: 'u', CHECK: 'c', 'FOREIGN KEY': 'f' }[c.type];
    const conOid = oids.oidOf(`constraint:${t.schema}.${t.table}.${c.name}`);
    const backing = contype === 'p' || contype === 'u' ? t.indexes.find((ix) => ix.columns.join() === c.columns.join() && ix.unique && (contype === 'p') === ix.primary) : undefined;
    const refOid = c.references ? oids.oidOf(`class:${c.references.schema}.${c.references.table}`) : 0;
    b.push('pg_constraint', {
      oid: conOid,
      conname: c.name,
      connamespace: ns,
      contype,
      conrelid: oid,
      conindid: backing ? (indexOids.get(backing.name) ?? 0) : c.references ? oids.oidOf(`class:${c.references.schema}.${c.references.table}_pkey`) : 0,
      confrelid: refOid,
      confupdtype: c.references ? (c.references.onUpdate ?? 'a') : ' ',
      confdeltype: c.references ? (c.references.onDelete ?? 'a') : ' ',
      confmatchtype: c.references ? 's' : ' ',
      conkey: c.columns.map(attnum),
      confkey: c.references ? c.references.columns.map((n) => attnumOf(c.references!.schema, c.references!.table, n)) : null,
      conbin: c.expression ?? null,
    });
    b.push('_jammi_constraintdef', { oid: conOid, def: constraintDef(c) });
  }
}

/** `(a > 0)` → `a > 0`: DuckDB wraps a CHECK's expression in parentheses that Postgres's text does not have. */
export function withoutOuterParens(e: string): string {
  if (!e.startsWith('(') || !e.endsWith(')')) return e;
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '(') depth++;
    else if (e[i] === ')') depth--;
    if (depth === 0 && i < e.length - 1) return e;
  }
  return e.slice(1, -1);
}

/** pg_get_constraintdef's text for a constraint. */
function constraintDef(c: MutableTableDef['constraints'][number]): string {
  const cols = c.columns.join(', ');
  switch (c.type) {
    case 'PRIMARY KEY':
      return `PRIMARY KEY (${cols})`;
    case 'UNIQUE':
      return `UNIQUE (${cols})`;
    case 'CHECK':
      return `CHECK (${withoutOuterParens(c.expression ?? '')})`;
    default: {
      const r = c.references!;
      const action = (code: string | undefined) => ({ r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' })[code ?? 'a' as never] as string | undefined;
      const del = action(r.onDelete);
      const upd = action(r.onUpdate);
      return `FOREIGN KEY (${cols}) REFERENCES ${r.schema === 'public' ? '' : r.schema + '.'}${r.table}(${r.columns.join(', ')})${upd ? ` ON UPDATE ${upd}` : ''}${del ? ` ON DELETE ${del}` : ''}`;
    }
  }
}

function plainRelation(b: RowBuilder, oids: OidRegistry, r: SnapshotRelation, kind: 'r' | 'v' | 'f'): number {
  const ns = b.namespace(r.schema);
  const oid = oids.oidOf(`class:${r.schema}.${r.name}`);
  b.relation({ oid, namespace: ns, name: r.name, kind, columns: r.columns.map((c: SnapshotColumn) => ({ name: c.name, oid: c.oid, typmod: c.typmod, notnull: !c.nullable })), comment: r.comment });
  return oid;
}

/**
 * The catalog rows of a snapshot: pg_namespace, pg_class, pg_attribute, pg_attrdef,
 * pg_index, pg_constraint, pg_description, pg_type and pg_enum (enums), pg_sequence and
 * the foreign-server rows of sources, plus the definitions behind pg_get_indexdef,
 * pg_get_constraintdef and pg_get_viewdef. OIDs come from the registry (assigned once, kept).
 */
export function liveRows(s: CatalogSnapshot, oids: OidRegistry, storage: (typeOid: number) => TypeStorage | undefined, identity: (schema: string, table: string) => Map<string, string>): LiveRows {
  const b = new RowBuilder(oids, storage);
  for (const name of s.schemas) b.namespace(name);
  for (const e of s.enums) {
    const ns = b.namespace(e.schema);
    const oid = oids.oidOf(`type:${e.schema}.${e.name}`);
    const arr = oids.oidOf(`type:${e.schema}._${e.name}`);
    b.push('pg_type', { oid, typname: e.name, typnamespace: ns, typlen: 4, typbyval: true, typtype: 'e', typcategory: 'E', typsubscript: '-', typelem: 0, typarray: arr, typinput: 'enum_in', typoutput: 'enum_out', typreceive: 'enum_recv', typsend: 'enum_send', typanalyze: '-', typalign: 'i', typstorage: 'p' });
    b.push('pg_type', { oid: arr, typname: `_${e.name}`, typnamespace: ns, typlen: -1, typbyval: false, typtype: 'b', typcategory: 'A', typsubscript: 'array_subscript_handler', typelem: oid, typarray: 0, typinput: 'array_in', typoutput: 'array_out', typreceive: 'array_recv', typsend: 'array_send', typanalyze: 'array_typanalyze', typalign: 'i', typstorage: 'x' });
    e.labels.forEach((label, i) => b.push('pg_enum', { oid: oids.oidOf(`enum:${e.schema}.${e.name}.${label}`), enumtypid: oid, enumsortorder: i + 1, enumlabel: label }));
  }
  const byName = new Map(s.tables.map((t) => [`${t.schema}.${t.table}`, t]));
  const attnumOf: AttnumOf = (schema, table, column) => (byName.get(`${schema}.${table}`)?.columns.findIndex((c) => c.name === column) ?? -1) + 1;
  const withForeignKeys = new Set<string>();
  for (const t of s.tables) {
    for (const c of t.constraints) {
      if (!c.references) continue;
      withForeignKeys.add(`${t.schema}.${t.table}`);
      withForeignKeys.add(`${c.references.schema}.${c.references.table}`);
    }
  }
  for (const t of s.tables) writableTable(b, oids, t, identity(t.schema, t.table), attnumOf, withForeignKeys);
  for (const v of s.views) {
    const oid = plainRelation(b, oids, v, 'v');
    b.push('_jammi_viewdef', { oid, def: v.definition });
  }
  if (s.sources.length) {
    const fdw = oids.oidOf('fdw:jammi');
    b.push('pg_foreign_data_wrapper', { oid: fdw, fdwname: 'jammi' });
    for (const src of s.sources) {
      const server = oids.oidOf(`server:${src.name}`);
      b.push('pg_foreign_server', { oid: server, srvname: src.name, srvfdw: fdw, srvoptions: [`uri=${src.uri}`] });
      b.namespace(src.name, `jammi source ${src.name} (${src.uri})`);
      for (const t of src.tables) {
        const oid = plainRelation(b, oids, t, 'f');
        b.push('pg_foreign_table', { ftrelid: oid, ftserver: server });
      }
    }
  }
  for (const t of s.topics) plainRelation(b, oids, t, 'r');
  for (const t of s.systemTables) plainRelation(b, oids, t, 'v');
  for (const q of s.sequences) {
    const ns = b.namespace(q.schema);
    const oid = oids.oidOf(`class:${q.schema}.${q.name}`);
    b.relation({ oid, namespace: ns, name: q.name, kind: 'S', columns: [] });
    // A serial or identity sequence has its column's type (Postgres's `serial` makes an integer sequence).
    const owner = q.ownedBy ? byName.get(`${q.schema}.${q.ownedBy.table}`) : undefined;
    const column = owner?.columns.find((c) => c.name === q.ownedBy!.column);
    const type = column && sequenceMax[column.oid] ? column.oid : Oid.int8;
    const max = BigInt(q.max) > BigInt(sequenceMax[type]) ? sequenceMax[type] : q.max;
    b.push('pg_sequence', { seqrelid: oid, seqtypid: type, seqstart: q.start, seqincrement: q.increment, seqmax: max, seqmin: q.min, seqcycle: q.cycle });
    if (owner && column && q.ownedBy) {
      const tableOid = oids.oidOf(`class:${q.schema}.${q.ownedBy.table}`);
      const attnum = owner.columns.indexOf(column) + 1;
      // Postgres records a serial's sequence as auto-dependent on its column, an identity's as internal.
      b.push('pg_depend', { classid: Oid.pgClass, objid: oid, objsubid: 0, refclassid: Oid.pgClass, refobjid: tableOid, refobjsubid: attnum, deptype: q.ownedBy.kind === 'serial' ? 'a' : 'i' });
      // pg_get_serial_sequence(table, column) answers the sequence's name, schema-qualified (catalog-lookups.ts).
      b.push('_jammi_serial_sequence', { relid: tableOid, attname: column.name, seq: `${quoteIdentPg(q.schema)}.${quoteIdentPg(q.name)}` });
    }
  }
  oids.flush();
  return b.rows;
}
