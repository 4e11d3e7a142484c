import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { RewriteContext, SessionView } from './rewrite.types.js';
import { rewriteSessionFunctions } from './session-functions.js';

beforeAll(async () => {
  await initParser();
});

const settings: Record<string, string> = { search_path: '"$user", public', timezone: 'UTC', server_version_num: '150020' };
const session: SessionView = {
  setting: (n) => settings[n.toLowerCase()],
  user: () => 'alice',
  database: () => 'shop',
  backendPid: () => 4242,
};

const rewrite = (sql: string, view: SessionView | null = session) => {
  const ctx: RewriteContext = { resolver: fakeResolver(), dynamic: false, session: view ?? undefined };
  const r = rewriteSessionFunctions(structuredClone(parseStatements(sql)[0].ast), ctx);
  return { sql: deparseSync(r.stmt, { pretty: false }), changed: r.changed, dynamic: ctx.dynamic };
};

describe('rewriteSessionFunctions', () => {
  it("reads jammi's settings, not the engine's, and marks the statement dynamic", () => {
    const r = rewrite("select current_setting('TimeZone'), pg_catalog.current_setting('server_version_num')::int as v");
    expect(normalizeSql(r.sql)).toBe(normalizeSql("select 'UTC' as current_setting, '150020'::int as v"));
    expect(r.dynamic).toBe(true);
    expect(normalizeSql(rewrite("select current_setting('nope.x', true) as m").sql)).toBe(normalizeSql('select null::text as m'));
    expect(() => rewrite("select current_setting('threads')")).toThrow(expect.objectContaining({ code: '42704', message: 'unrecognized configuration parameter "threads"' }));
  });

  it('answers the session identity with the names Postgres gives the columns', () => {
    expect(normalizeSql(rewrite('select current_user, session_user, user, current_database(), current_catalog').sql)).toBe(
      normalizeSql(`select 'alice' as "current_user", 'alice' as "session_user", 'alice' as "current_user", 'shop' as current_database, 'shop' as "current_catalog"`),
    );
    expect(normalizeSql(rewrite('select pg_backend_pid()').sql)).toBe(normalizeSql('select 4242 as pg_backend_pid'));
    expect(normalizeSql(rewrite('select 1 from t where owner = current_user').sql)).toBe(normalizeSql("select 1 from t where owner = 'alice'"));
  });

  it('answers schemas from search_path: public, with pg_catalog implicitly first', () => {
    expect(normalizeSql(rewrite('select current_schema(), current_schema, current_schemas(true) as a, current_schemas(false) as b').sql)).toBe(
      normalizeSql(`select 'public' as current_schema, 'public' as "current_schema", array['pg_catalog', 'public']::text[] as a, array['public']::text[] as b`),
    );
    settings.search_path = '';
    try {
      expect(normalizeSql(rewrite('select current_schema()').sql)).toBe(normalizeSql('select null::text as current_schema'));
    } finally {
      settings.search_path = '"$user", public';
    }
  });

  it('leaves other calls, non-constant arguments and session-less planning alone', () => {
    expect(rewrite('select current_setting(name), now(), my.current_user() from t').changed).toBe(false);
    expect(rewrite('select current_user', null).changed).toBe(false);
  });
});
