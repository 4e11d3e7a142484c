import { beforeAll, describe, expect, it } from 'vitest';
import type { AstFields } from './ast.js';
import { initParser, parseStatements } from './index.js';
import { declaredType } from './declared-type.js';

beforeAll(async () => {
  await initParser();
});

/** The declared type of column `c` in `create table t (c <type>)`. */
const typeOf = (type: string) => {
  const def = (parseStatements(`create table t (c ${type})`)[0].ast.CreateStmt.tableElts as { ColumnDef: AstFields }[])[0].ColumnDef;
  return declaredType(def.typeName as AstFields);
};

describe('declaredType', () => {
  it.each([
    ['varchar(20)', 'character varying(20)', 1043, 24],
    ['character varying', 'character varying', 1043, -1],
    ['char(3)', 'character(3)', 1042, 7],
    ['char', 'character(1)', 1042, 5],
    ['numeric(10,2)', 'numeric(10,2)', 1700, 655366],
    ['decimal(5)', 'numeric(5,0)', 1700, (5 << 16) + 4],
    ['numeric', 'numeric', 1700, -1],
    ['int2', 'smallint', 21, -1],
    ['int', 'integer', 23, -1],
    ['serial', 'integer', 23, -1],
    ['bigserial', 'bigint', 20, -1],
    ['float4', 'real', 700, -1],
    ['double precision', 'double precision', 701, -1],
    ['text', 'text', 25, -1],
    ['jsonb', 'jsonb', 3802, -1],
    ['json', 'json', 114, -1],
    ['bytea', 'bytea', 17, -1],
    ['uuid', 'uuid', 2950, -1],
    ['timestamptz', 'timestamp with time zone', 1184, -1],
    ['timestamp(3)', 'timestamp(3) without time zone', 1114, 3],
    ['time', 'time without time zone', 1083, -1],
    ['interval', 'interval', 1186, -1],
    ['text[]', 'text[]', 1009, -1],
    ['int[]', 'integer[]', 1007, -1],
    ['float4[]', 'real[]', 1021, -1],
    ['varchar(5)[]', 'character varying(5)[]', 1015, 9],
    ['boolean', 'boolean', 16, -1],
  ])('%s is %s (%i, typmod %i)', (sql, name, oid, typmod) => {
    expect(typeOf(sql)).toEqual({ name, oid, typmod });
  });

  it('a user type (an enum) keeps its name and leaves the OID to the engine', () => {
    expect(typeOf('mood')).toEqual({ name: 'mood', oid: null, typmod: -1 });
    expect(typeOf('public.mood[]')).toEqual({ name: 'public.mood[]', oid: null, typmod: -1 });
  });

  it('a name only pg_catalog would make built-in is a user type when schema-qualified otherwise', () => {
    expect(typeOf('myschema.text')).toEqual({ name: 'myschema.text', oid: null, typmod: -1 });
  });
});
