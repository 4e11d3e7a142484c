import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { metaReader } from '../../../test/helpers/ddl.js';
import { initParser, parseStatements } from '../index.js';
import type { RewriteContext } from './rewrite.types.js';
import { rewriteVectorIndexScan } from './vector-index-scan.js';

beforeAll(async () => {
  await initParser();
});

const hnsw = { column: 'embedding', dimensions: 3, key: 'id', m: 16, ef_construction: 64, options: [] };
const meta = metaReader({
  schema: 'main',
  table: 'items',
  columns: ['id', 'embedding', 'tag'],
  constraints: [{ name: 'items_pkey', kind: 'primary', columns: ['id'] }],
  identity: [],
  vectorIndexes: [
    { ...hnsw, name: 'items_cos', opclass: 'vector_cosine_ops' },
    { ...hnsw, name: 'items_l2', opclass: 'vector_l2_ops' },
  ],
});

const rewrite = (sql: string) => {
  const ctx: RewriteContext = { resolver: { ...fakeResolver(), tableDdl: meta }, dynamic: false };
  const r = rewriteVectorIndexScan(structuredClone(parseStatements(sql)[0].ast), ctx);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed, scans: ctx.vectorScans ?? [] };
};

const keys = (q = 'items') => `${q}.id IN (SELECT jammi_ann_key FROM jammi_ann_keys_0)`;

describe('rewriteVectorIndexScan', () => {
  it('restricts a nearest-neighbour query to the candidate keys, keeping the exact ORDER BY', () => {
    const r = rewrite("SELECT id FROM items ORDER BY embedding <=> '[1,2,3]' LIMIT 5");
    expect(r.sql).toBe(normalizeSql(`SELECT id FROM items WHERE ${keys()} ORDER BY embedding <=> '[1,2,3]' LIMIT 5`));
    expect(r.scans).toEqual([
      expect.objectContaining({ placeholder: 'jammi_ann_keys_0', query: { value: '[1,2,3]' }, limit: { value: 5 }, offset: 0, index: expect.objectContaining({ name: 'items_cos', metric: 'cosine', schema: 'main', table: 'items' }) }),
    ]);
  });

  it('takes parameters, casts to vector, aliases, output names and OFFSET; picks the index of the operator', () => {
    const r = rewrite('SELECT i.id, i.embedding <-> $1::vector(3) AS d FROM public.items i ORDER BY d LIMIT $2 OFFSET 3');
    expect(r.sql).toBe(normalizeSql(`SELECT i.id, i.embedding <-> $1::vector(3) AS d FROM public.items i WHERE ${keys('i')} ORDER BY d LIMIT $2 OFFSET 3`));
    expect(r.scans[0]).toMatchObject({ query: { param: 1 }, limit: { param: 2 }, offset: 3, index: { name: 'items_l2', metric: 'l2sq' } });
  });

  it('leaves alone what an index cannot answer exactly: no index for the operator, WHERE, DESC, no LIMIT, joins, windows', () => {
    for (const sql of [
      "SELECT id FROM items ORDER BY embedding <#> '[1,2,3]' LIMIT 5",
      "SELECT id FROM items WHERE tag = 'a' ORDER BY embedding <=> '[1,2,3]' LIMIT 5",
      "SELECT id FROM items ORDER BY embedding <=> '[1,2,3]' DESC LIMIT 5",
      "SELECT id FROM items ORDER BY embedding <=> '[1,2,3]'",
      "SELECT id FROM items, other ORDER BY embedding <=> '[1,2,3]' LIMIT 5",
      "SELECT id, row_number() OVER () FROM items ORDER BY embedding <=> '[1,2,3]' LIMIT 5",
      "SELECT id FROM items ORDER BY embedding <=> other_col LIMIT 5",
      "SELECT id FROM notindexed ORDER BY embedding <=> '[1,2,3]' LIMIT 5",
      "SELECT DISTINCT id FROM items ORDER BY embedding <=> '[1,2,3]' LIMIT 5",
    ]) {
      expect(rewrite(sql).changed, sql).toBe(false);
    }
  });
});
