import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteUnknownOutputs } from './unknown-outputs.js';

beforeAll(async () => {
  await initParser();
});

const rw = (sql: string) => applyRewrite(rewriteUnknownOutputs, sql);

describe('rewriteUnknownOutputs', () => {
  it('types bare NULL outputs of FROM subqueries and CTEs as text', () => {
    expect(rw('SELECT * FROM (SELECT NULL AS cat, relname FROM pg_class) x').sql).toBe(normalizeSql('SELECT * FROM (SELECT NULL::text AS cat, relname FROM pg_class) x'));
    expect(rw('WITH w AS (SELECT NULL AS a) SELECT a FROM w').sql).toBe(normalizeSql('WITH w AS (SELECT NULL::text AS a) SELECT a FROM w'));
  });

  it("types the statement's own bare NULL outputs as text", () => {
    expect(rw('SELECT NULL AS a, 1 AS b').sql).toBe(normalizeSql('SELECT NULL::text AS a, 1 AS b'));
  });

  it('leaves set operations and VALUES alone', () => {
    expect(rw('SELECT NULL AS a UNION SELECT 1').changed).toBe(false);
    expect(rw('SELECT * FROM (SELECT NULL AS a UNION ALL SELECT 1) x').changed).toBe(false);
    expect(rw('SELECT * FROM (VALUES (NULL)) v(a)').changed).toBe(false);
  });
});
