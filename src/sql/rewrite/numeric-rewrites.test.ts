import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteDivisionOperators } from './division-operators.js';
import { rewriteNumericAggregates } from './numeric-aggregates.js';
import { rewriteNumericCasts } from './numeric-casts.js';
import { plainDecimal, rewriteNumericLiterals } from './numeric-literals.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteRoundingFunctions } from './rounding-functions.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (r: Rewrite, sql: string) => {
  const out = r(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as Parameters<Rewrite>[1]);
  return { sql: normalizeSql(deparseSync(out.stmt, { pretty: false })), changed: out.changed };
};
const same = (sql: string) => normalizeSql(sql);

describe('rewriteDivisionOperators', () => {
  it('routes / and % through typed macros, with each operand twice; an output quotient gets the text form', () => {
    expect(rewrite(rewriteDivisionOperators, 'select a / b, (a / b) + 1 from t').sql).toBe(
      same('select jammi_pg.main.divide_out(a, b, a, b), jammi_pg.main.divide(a, b, a, b) + 1 from t'),
    );
    expect(rewrite(rewriteDivisionOperators, 'select a % 2, mod(a, 2), div(a, 2) from t').sql).toBe(
      same('select jammi_pg.main.modulo(a, 2, a, 2), jammi_pg.main.modulo(a, 2, a, 2), jammi_pg.main.div(a, 2) from t'),
    );
  });

  it('routes * through the same dispatch, but not around aggregates', () => {
    expect(rewrite(rewriteDivisionOperators, 'select a * b, sum(a) * 2 from t').sql).toBe(same('select jammi_pg.main.multiply(a, b, a, b), sum(a) * 2 from t'));
  });

  it('sorts by the quotient itself when ORDER BY names an output quotient', () => {
    expect(rewrite(rewriteDivisionOperators, 'select a / b as q from t order by q').sql).toBe(
      same('select jammi_pg.main.divide_out(a, b, a, b) as q from t order by jammi_pg.main.divide(a, b, a, b)'),
    );
    expect(rewrite(rewriteDivisionOperators, 'select distinct a / b as q from t order by 1').sql).toBe(same('select distinct jammi_pg.main.divide(a, b, a, b) as q from t order by 1'));
  });

  it('keeps DuckDB operators with a zero check around aggregates (no typed dispatch there)', () => {
    expect(rewrite(rewriteDivisionOperators, 'select sum(a) / count(*) from t').sql).toBe(
      same("select case when count(*) = 0 then error('division by zero') else sum(a) / count(*) end from t"),
    );
  });

  it('gives a view (a stored query) the nested form, and leaves column defaults alone', () => {
    expect(rewrite(rewriteDivisionOperators, 'create view v as select a / b from t').sql).toBe(same('create view v as select jammi_pg.main.divide(a, b, a, b) from t'));
    expect(rewrite(rewriteDivisionOperators, 'create table x (a int default 7 / 2)').changed).toBe(false);
  });
});

describe('rewriteNumericAggregates', () => {
  it('dispatches sum and avg on the argument type; FILTER moves into the argument', () => {
    expect(rewrite(rewriteNumericAggregates, 'select sum(a), avg(a), round(avg(a), 2) from t').sql).toBe(
      same('select jammi_pg.main.sum(a, a), jammi_pg.main.avg_out(a, a), round(jammi_pg.main.avg(a, a), 2) from t'),
    );
    expect(rewrite(rewriteNumericAggregates, 'select sum(distinct a) filter (where b) from t').sql).toBe(
      same('select jammi_pg.main.sum_distinct(case when b then a end, case when b then a end) from t'),
    );
  });

  it('wraps window calls, probing the type with the argument', () => {
    expect(rewrite(rewriteNumericAggregates, 'select sum(a) over (order by b) from t').sql).toBe(
      same('select jammi_pg.main.sum_window(a, sum(a) over (order by b)) from t'),
    );
    expect(rewrite(rewriteNumericAggregates, 'select 1 + avg(a) over () from t').sql).toBe(
      same('select 1 + jammi_pg.main.avg_window(a, sum(a) over (), count(a) over (), avg(a) over ()) from t'),
    );
    expect(rewrite(rewriteNumericAggregates, 'select sum(sum(a)) over () from t group by b').sql).toBe(same('select sum(jammi_pg.main.sum(a, a)) over () from t group by b'));
  });

  it('every is bool_and; ordered aggregates are left alone', () => {
    expect(rewrite(rewriteNumericAggregates, 'select every(b) from t').sql).toBe(same('select bool_and(b) from t'));
    expect(rewrite(rewriteNumericAggregates, 'select sum(a order by a) from t').changed).toBe(false);
  });
});

describe('rewriteNumericLiterals', () => {
  it('types literals as Postgres: int4 operands, int4/int8 by range, exponent forms as numeric', () => {
    expect(rewrite(rewriteNumericLiterals, 'select i2 * 2, 1 + 2, -2147483648, 2147483648, 1e3, 2.50E+2, 1.5e-3 from t').sql).toBe(
      same("select i2 * 2::pg_catalog.int4, 1 + 2, (-2147483648)::pg_catalog.int4, 2147483648::pg_catalog.int8, '1000'::numeric(38,0), '250'::numeric(38,0), '0.0015'::numeric(38,4) from t"),
    );
  });

  it('plainDecimal follows numeric_in (scale from the written digits and exponent)', () => {
    expect(plainDecimal('1.5e-3')).toEqual({ digits: '0.0015', scale: 4, precision: 4 });
    expect(plainDecimal('-2.50E+2')).toEqual({ digits: '-250', scale: 0, precision: 3 });
    expect(plainDecimal('NaN')).toBeNull();
  });
});

describe('rewriteNumericCasts', () => {
  it('gives literal casts their written scale and other operands a scale-keeping macro', () => {
    expect(rewrite(rewriteNumericCasts, "select '1.50'::numeric, 7::numeric, x::numeric, count(*)::numeric, x::numeric(5,2) from t").sql).toBe(
      same("select '1.50'::numeric(38,2), 7::numeric(38,0), jammi_pg.main.to_numeric(x, x), count(*)::numeric(38,0), x::numeric(5,2) from t"),
    );
    expect(rewrite(rewriteNumericCasts, "select 'NaN'::numeric").changed).toBe(false);
  });
});

describe('rewriteRoundingFunctions', () => {
  it('round/trunc to n places are numerics of scale n; round(x) dispatches on x', () => {
    expect(rewrite(rewriteRoundingFunctions, 'select round(x, 2), trunc(x, 1), round(x), round(x, -2) from t').sql).toBe(
      same('select round(x, 2)::numeric(38,2), trunc(x, 1)::numeric(38,1), jammi_pg.main.round(x, x), round(x, -2) from t'),
    );
  });
});
