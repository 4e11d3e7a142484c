import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { unqualifyBuiltinTypes } from './pg-catalog-types.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => {
  const r = unqualifyBuiltinTypes(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('unqualifyBuiltinTypes', () => {
  it('drops the pg_catalog qualifier without forcing a deparse', () => {
    expect(rewrite('select x::int4, cast(y as double precision) from t')).toEqual({ sql: normalizeSql('select x::int4, CAST(y AS float8) from t'), changed: false });
  });

  it('spells types DuckDB lacks as its equivalents, qualified or not, which forces a deparse', () => {
    expect(rewrite("select 'a'::name, 'b'::pg_catalog.name, s::name[] from t")).toEqual({ sql: normalizeSql("select 'a'::varchar, 'b'::varchar, s::varchar[] from t"), changed: true });
  });
});
