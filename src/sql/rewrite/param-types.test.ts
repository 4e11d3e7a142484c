import { beforeAll, describe, expect, it } from 'vitest';
import { fakeResolver, normalizeSql, routeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements, planStatement, typeNameForOid } from '../index.js';

beforeAll(async () => {
  await initParser();
});

/** The SQL DuckDB receives for `sql` prepared with declared parameter types. */
const withTypes = (sql: string, paramTypes: number[]): string => {
  const [s] = parseStatements(sql);
  return routeSql(planStatement(s, { resolver: fakeResolver(), paramTypes }));
};

const expectCast = (sql: string, paramTypes: number[], expected: string) => {
  expect(normalizeSql(withTypes(sql, paramTypes))).toBe(normalizeSql(expected));
};

describe('typeNameForOid', () => {
  const names = (oid: number) => {
    const t = typeNameForOid(oid) as { names?: { String: { sval: string } }[]; arrayBounds?: unknown[] } | null;
    return t && [t.names?.map((n) => n.String.sval).join('.'), t.arrayBounds !== undefined];
  };

  it.each([
    [16, 'bool'],
    [17, 'bytea'],
    [20, 'int8'],
    [21, 'int2'],
    [23, 'int4'],
    [25, 'text'],
    [26, 'int8'],
    [114, 'json'],
    [700, 'float4'],
    [701, 'float8'],
    [1042, 'text'],
    [1043, 'varchar'],
    [19, 'text'],
    [1082, 'date'],
    [1083, 'time'],
    [1114, 'timestamp'],
    [1184, 'timestamptz'],
    [1186, 'interval'],
    [1700, 'numeric'],
    [2950, 'uuid'],
    [3802, 'json'],
  ])('oid %i → %s', (oid, name) => {
    expect(names(oid)).toEqual([name, false]);
  });

  it.each([
    [1007, 'int4'],
    [1009, 'text'],
    [1016, 'int8'],
    [1022, 'float8'],
    [2951, 'uuid'],
  ])('array oid %i → %s[]', (oid, name) => {
    expect(names(oid)).toEqual([name, true]);
  });

  it.each([0, 705, 1560, 1266, 2249, 99999])('oid %i is left to inference', (oid) => {
    expect(typeNameForOid(oid)).toBeNull();
  });
});

describe('castDeclaredParams via planStatement', () => {
  it('declared parameters are cast; unspecified (0) ones are not', () => {
    expectCast('select a from t where a = $1 and b = $2 and c = $3', [23, 0, 1184], 'select a from t where a = CAST($1 AS int4) and b = $2 and c = CAST($3 AS timestamptz)');
  });

  it('every occurrence of a parameter is cast', () => {
    expectCast('select a from t where a = $1 or b = $1', [20], 'select a from t where a = CAST($1 AS int8) or b = CAST($1 AS int8)');
  });

  it('array types', () => {
    expectCast('select a from t where a = any($1)', [1007], 'select a from t where a = any(CAST($1 AS int4[]))');
  });

  it('a cast the user wrote stays outermost', () => {
    expectCast('select a from t where a = $1::int8', [23], 'select a from t where a = CAST(CAST($1 AS int4) AS int8)');
  });

  it('parameters in INSERT values, LIMIT and subqueries', () => {
    expectCast(
      'insert into t (a, b) select $1, $2 where exists (select 1 as one from u where u.x = $3) limit $4',
      [25, 3802, 1700, 20],
      'insert into t (a, b) select CAST($1 AS text) as "?column?", CAST($2 AS json) as "?column?" where exists (select 1 as one from u where u.x = CAST($3 AS numeric)) limit CAST($4 AS int8)',
    );
  });

  it('parameters beyond the declared list are left alone', () => {
    expectCast('select a from t where a = $1 and b = $2', [25], 'select a from t where a = CAST($1 AS text) and b = $2');
  });

  it('all-unspecified types change nothing (the text is kept as written)', () => {
    expect(withTypes('select  a from t where a = $1', [0])).toBe('select  a from t where a = $1');
    expect(withTypes('select  a from t where a = $1', [])).toBe('select  a from t where a = $1');
  });

  it('combined with a source-table rewrite', () => {
    expectCast('select fare from trips.trips where fare > $1', [701], 'select fare from jammi_sources.trips.trips where fare > CAST($1 AS float8)');
  });
});
