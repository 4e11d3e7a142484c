import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { metaReader } from '../../../test/helpers/ddl.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteSerialSequence } from './serial-sequence.js';

beforeAll(async () => {
  await initParser();
});

const meta = metaReader(
  { schema: 'main', table: 't', columns: ['id', 'v'], constraints: [], identity: [{ column: 'id', kind: 'serial', sequence: 't_id_seq' }] },
  { schema: 'App', table: 'Odd', columns: ['Id'], constraints: [], identity: [{ column: 'Id', kind: 'always', sequence: 'Odd_Id_seq' }] },
);

const rewrite = (sql: string) => {
  const r = rewriteSerialSequence(structuredClone(parseStatements(sql)[0].ast), { resolver: { ...fakeResolver(), tableDdl: meta }, dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteSerialSequence', () => {
  it("answers the recorded sequence, schema-qualified and quoted as Postgres's regclass text", () => {
    expect(rewrite("select pg_get_serial_sequence('t', 'id')").sql).toBe(normalizeSql("select 'public.t_id_seq'"));
    expect(rewrite("select pg_get_serial_sequence('public.\"t\"', 'id')").sql).toBe(normalizeSql("select 'public.t_id_seq'"));
    expect(rewrite('select pg_get_serial_sequence(\'"App"."Odd"\', \'Id\')').sql).toBe(normalizeSql('select \'"App"."Odd_Id_seq"\''));
    expect(rewrite("select pg_get_serial_sequence('t', 'v')").sql).toBe(normalizeSql('select null'));
  });

  it('leaves calls with unknown tables to the engine', () => {
    expect(rewrite("select pg_get_serial_sequence('nope', 'id')").changed).toBe(false);
  });

  it('routes calls with non-constant arguments to the catalog lookup', () => {
    expect(rewrite("select pg_get_serial_sequence(relname, 'id') from x").sql).toBe(normalizeSql("select jammi_pgcat.main._pg_get_serial_sequence(relname, 'id') from x"));
  });
});
