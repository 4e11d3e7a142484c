import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteInputCasts } from './input-casts.js';

beforeAll(async () => {
  await initParser();
});

const run = (rw: Rewrite, sql: string) => {
  const r = rw(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as never);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteInputCasts', () => {
  it('parses text as Postgres does for boolean, integer and float casts', () => {
    expect(run(rewriteInputCasts, "select 'on'::boolean, s::int, cast(s as bigint), s::float8 from t").sql).toBe(
      normalizeSql("select jammi_pg.main.bool_in('on'), jammi_pg.main.int4_in(s), jammi_pg.main.int8_in(s), jammi_pg.main.float8_in(s) from t"),
    );
  });

  it('leaves typed constants, NULL, parameters and other targets alone', () => {
    expect(run(rewriteInputCasts, "select 1::boolean, 3.7::int, null::int, $1::int, 'x'::text, a::int[] from t").changed).toBe(false);
  });
});
