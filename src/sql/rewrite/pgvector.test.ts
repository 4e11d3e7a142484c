import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewritePgvector } from './pgvector.js';

beforeAll(async () => {
  await initParser();
});

const rw = (sql: string) => applyRewrite(rewritePgvector, sql);

describe('rewritePgvector', () => {
  it("spells pgvector's distance operators as DuckDB's list distances in double precision", () => {
    expect(rw("SELECT id FROM items ORDER BY embedding <-> '[3,1,2]' LIMIT 5").sql).toBe(
      normalizeSql("SELECT id FROM items ORDER BY list_distance(embedding::float8[], '[3,1,2]'::varchar::float8[])::float8 LIMIT 5"),
    );
    expect(rw('SELECT embedding <=> $1, embedding <#> $1 FROM items').sql).toBe(
      normalizeSql('SELECT list_cosine_distance(embedding::float8[], $1::varchar::float8[])::float8, list_negative_inner_product(embedding::float8[], $1::varchar::float8[])::float8 FROM items'),
    );
  });

  it('casts to vector(n) as casts to float4[n], text through varchar', () => {
    expect(rw("SELECT '[1,2]'::vector(2), x::vector").sql).toBe(normalizeSql("SELECT '[1,2]'::varchar::float4[2], x::float4[]"));
  });

  it('leaves other operators and types alone', () => {
    expect(rw('SELECT a < b, x::text FROM t').changed).toBe(false);
  });
});
