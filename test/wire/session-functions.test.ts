/**
 * Functions that read or change the session, end to end: current_setting() and set_config()
 * see jammi's settings, identity functions answer the client's role and database, and
 * prepared statements read the values current at each execution.
 */
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi();
const connect = () => jammi.connect({ raw: true });

describe('session functions', () => {
  it("current_setting() reads the session's settings, also in a statement prepared before a SET", async () => {
    const c = await connect();
    try {
      const prepared = { name: 'tz', text: "select current_setting('TimeZone') as tz, current_setting('application_name') as app" };
      expect((await c.query(prepared)).rows).toEqual([{ tz: 'UTC', app: '' }]);
      await c.query("set TimeZone = 'Europe/Lisbon'");
      await c.query("set application_name = 'x'");
      expect((await c.query(prepared)).rows).toEqual([{ tz: 'Europe/Lisbon', app: 'x' }]);
      const e = await c.query("select current_setting('threads')").catch((err: { code: string }) => err);
      expect((e as { code: string }).code).toBe('42704');
    } finally {
      await c.end();
    }
  });

  it('set_config() sets a setting and answers its new value, with constants or parameters', async () => {
    const c = await connect();
    try {
      const r = await c.query("select set_config('application_name', 'diff', false)");
      expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([['set_config', 25]]);
      expect(r.rows).toEqual([{ set_config: 'diff' }]);
      expect((await c.query('show application_name')).rows).toEqual([{ application_name: 'diff' }]);
      expect((await c.query('select set_config($1, $2, false) as v', ['jammi.note', 'hello'])).rows).toEqual([{ v: 'hello' }]);
      expect((await c.query("select current_setting('jammi.note') as v")).rows).toEqual([{ v: 'hello' }]);
      // is_local outside a transaction block: answered, then gone at the end of the statement.
      expect((await c.query("select set_config('application_name', 'brief', true) as v")).rows).toEqual([{ v: 'brief' }]);
      expect((await c.query('show application_name')).rows).toEqual([{ application_name: 'diff' }]);
      await c.query('begin');
      await c.query("select set_config('application_name', 'local', true)");
      expect((await c.query('show application_name')).rows).toEqual([{ application_name: 'local' }]);
      await c.query('commit');
      expect((await c.query('show application_name')).rows).toEqual([{ application_name: 'diff' }]);
    } finally {
      await c.end();
    }
  });

  it('identity functions answer the role and database the client connected with, typed name', async () => {
    const c = await connect();
    try {
      const r = await c.query('select current_user, session_user, current_database(), current_schema(), current_schemas(false) as path, pg_backend_pid() > 0 as pid');
      expect(r.rows).toEqual([{ current_user: 'jammi', session_user: 'jammi', current_database: 'jammi', current_schema: 'public', path: '{public}', pid: 't' }]);
      expect(r.fields.map((f) => f.dataTypeID)).toEqual([19, 19, 19, 19, 1003, 16]);
    } finally {
      await c.end();
    }
  });

  it('a session function in FROM is a one-row relation named as Postgres names its column (TypeORM)', async () => {
    const c = await connect();
    try {
      const schema = await c.query('select * from current_schema()');
      expect(schema.rows).toEqual([{ current_schema: 'public' }]);
      expect(schema.fields.map((f) => f.dataTypeID)).toEqual([19]);
      expect((await c.query('select d from pg_catalog.current_database() d')).rows).toEqual([{ d: 'jammi' }]);
      expect((await c.query("select x from current_setting('search_path') as s(x)")).rows).toEqual([{ x: '"$user", public' }]);
      const version = await c.query('select * from version()');
      expect(version.fields.map((f) => [f.name, f.dataTypeID])).toEqual([['version', 25]]);
      expect(version.rows[0].version).toMatch(/^PostgreSQL 15/);
    } finally {
      await c.end();
    }
  });

  it('public names the schema unqualified tables are created in', async () => {
    const c = await connect();
    try {
      await c.query('create table sf_t (a int)');
      await c.query('insert into public.sf_t values (1)');
      expect((await c.query('select public.sf_t.a from public.sf_t')).rows).toEqual([{ a: '1' }]);
      await c.query('drop table public.sf_t');
    } finally {
      await c.end();
    }
  });
});
