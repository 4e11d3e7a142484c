import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteAnyAllLiterals } from './any-all-literals.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => {
  const r = rewriteAnyAllLiterals(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteAnyAllLiterals', () => {
  it('spells = ANY and <> ALL over an untyped array literal as IN and NOT IN', () => {
    expect(rewrite("select * from t where id = ANY('{3,5}')").sql).toBe(normalizeSql("select * from t where id IN ('3', '5')"));
    expect(rewrite(`select * from t where s <> ALL('{a,"b c",NULL}')`).sql).toBe(normalizeSql("select * from t where s NOT IN ('a', 'b c', NULL)"));
  });

  it('spells other operators as OR (ANY) and AND (ALL) chains, over every dimension', () => {
    expect(rewrite("select x > ANY('{1,NULL}')").sql).toBe(normalizeSql("select x > '1' OR x > NULL"));
    expect(rewrite("select x <= ALL('{{1,2},{3,4}}')").sql).toBe(normalizeSql("select x <= '1' AND x <= '2' AND x <= '3' AND x <= '4'"));
    expect(rewrite("select s LIKE ANY('{a%}'), s NOT ILIKE ALL('{a%,b}')").sql).toBe(normalizeSql("select s LIKE 'a%', s NOT ILIKE 'a%' AND s NOT ILIKE 'b'"));
  });

  it('makes an empty array false for ANY and true for ALL', () => {
    expect(rewrite("select x = ANY('{}'), x < ALL('{}')").sql).toBe(normalizeSql('select false, true'));
  });

  it('leaves typed arrays, columns and parameters alone, and refuses a malformed literal', () => {
    expect(rewrite("select 1 = ANY('{1}'::int[]), 1 = ANY(ia), 1 = ANY($1), 1 = ANY(ARRAY[1])").changed).toBe(false);
    expect(() => rewrite("select 1 = ANY('{1,2')")).toThrow('malformed array literal: "{1,2"');
  });
});
