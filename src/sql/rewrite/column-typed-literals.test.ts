import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { PgOid } from '../../types/index.js';
import { initParser, parseStatements } from '../index.js';
import type { WritableColumn } from '../resolver.js';
import { typeLiteralsByColumn } from './column-typed-literals.js';

beforeAll(async () => {
  await initParser();
});

const items: WritableColumn[] = [
  { name: 'id', oid: PgOid.int4, typmod: -1 },
  { name: 'name', oid: PgOid.varchar, typmod: 24 },
  { name: 'tags', oid: 1009, typmod: -1 },
  { name: 'attrs', oid: PgOid.jsonb, typmod: -1 },
  { name: 'b', oid: PgOid.bytea, typmod: -1 },
];

function rewrite(sql: string): string {
  const resolver = { ...fakeResolver(), writableTable: (schema: string, table: string) => (schema === 'public' && table === 'items' ? items : null) };
  const r = typeLiteralsByColumn(structuredClone(parseStatements(sql)[0].ast), { resolver, dynamic: false });
  return deparseSync(r.stmt, { pretty: false });
}

describe('typeLiteralsByColumn', () => {
  it('casts string literals in VALUES, SET and ON CONFLICT SET to array, jsonb and bytea columns, not to text ones', () => {
    expect(rewrite("INSERT INTO items (name, tags, attrs, b) VALUES ('x', '{a,b}', '{\"k\":1}', '\\x01')")).toBe(
      normalizeSql("INSERT INTO items (name, tags, attrs, b) VALUES ('x', '{a,b}'::text[], '{\"k\":1}'::jsonb, '\\x01'::bytea)"),
    );
    expect(rewrite("INSERT INTO items VALUES (1, 'x', '{a}')")).toBe(normalizeSql("INSERT INTO items VALUES (1, 'x', '{a}'::text[])"));
    expect(rewrite("UPDATE items SET tags = '{c}', name = 'y' WHERE id = 1")).toBe(normalizeSql("UPDATE items SET tags = '{c}'::text[], name = 'y' WHERE id = 1"));
    expect(rewrite("INSERT INTO items (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET attrs = '{}'")).toBe(
      normalizeSql("INSERT INTO items (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET attrs = '{}'::jsonb"),
    );
  });

  it('types comparisons with a column and marks jsonb operands, leaving keys alone', () => {
    expect(rewrite("SELECT attrs ->> 'k' FROM items i WHERE i.attrs @> '{\"k\":1}' AND tags @> '{a}'")).toBe(
      normalizeSql("SELECT attrs::jsonb ->> 'k' FROM items i WHERE i.attrs::jsonb @> '{\"k\":1}'::jsonb AND tags @> '{a}'::text[]"),
    );
  });

  it('leaves other tables, subqueries and non-literal values alone', () => {
    for (const sql of ["SELECT * FROM other WHERE tags @> '{a}'", "INSERT INTO items (tags) VALUES ($1)", "SELECT 1 FROM items WHERE id IN (SELECT 1 FROM other WHERE tags = '{a}')"]) {
      expect(rewrite(sql)).toBe(normalizeSql(sql));
    }
  });
});
