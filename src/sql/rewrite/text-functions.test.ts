import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteTextFunctions } from './text-functions.js';

beforeAll(async () => {
  await initParser();
});

const run = (rw: Rewrite, sql: string) => {
  const r = rw(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as never);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteTextFunctions', () => {
  it('routes Postgres text functions to their compatibility functions', () => {
    const r = run(rewriteTextFunctions, "select length(a), position('x' in a), substring(a from 2 for 3), initcap(a), lpad(a, 3) from t");
    expect(r.changed).toBe(true);
    expect(r.sql).toBe(
      normalizeSql(
        "select jammi_pg.main.length(a), jammi_pg.main.strpos(a, 'x'), jammi_pg.main.substr(a, 2, 3), jammi_pg.main.initcap(a), jammi_pg.main.lpad(a, 3) from t",
      ),
    );
  });

  it('calls the native variadic functions with the session time zone first, typing a bare NULL or parameter as text', () => {
    expect(run(rewriteTextFunctions, "select format('%s', null), concat(a, 1), concat_ws(',', a), length($1)").sql).toBe(
      normalizeSql(
        "select jammi_pg_format(getvariable('jammi_timezone'), '%s', null::text), jammi_pg_concat(getvariable('jammi_timezone'), a, 1), " +
          "jammi_pg_concat_ws(getvariable('jammi_timezone'), ',', a), jammi_pg.main.length($1::text)",
      ),
    );
  });

  it('leaves regex substring, qualified names and other functions alone', () => {
    expect(run(rewriteTextFunctions, "select substring(a from 'x'), s.length(a), upper(a) from t").changed).toBe(false);
  });
});
