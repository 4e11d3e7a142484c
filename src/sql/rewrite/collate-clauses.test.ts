import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteCollateClauses } from './collate-clauses.js';

beforeAll(async () => {
  await initParser();
});

const rw = (sql: string) => applyRewrite(rewriteCollateClauses, sql);

describe('rewriteCollateClauses', () => {
  it('drops the default and binary collations (what DuckDB compares by anyway)', () => {
    expect(rw("SELECT 1 FROM c WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default").sql).toBe("SELECT 1 FROM c WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$'");
    expect(rw('SELECT a FROM t ORDER BY a COLLATE "C"').sql).toBe('SELECT a FROM t ORDER BY a');
  });

  it('leaves other collations for DuckDB to refuse', () => {
    expect(rw('SELECT a FROM t ORDER BY a COLLATE "de_DE"').changed).toBe(false);
  });
});
