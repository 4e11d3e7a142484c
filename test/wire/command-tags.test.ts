/**
 * Command tags with row counts, as Postgres 15 sends them: INSERT 0 n, UPDATE n, DELETE n,
 * SELECT n (also for CREATE TABLE AS and SELECT INTO), for plain and RETURNING statements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';
import { commandTag, RawClient } from '../helpers/raw-client.js';

let server: TestServer;
let raw: RawClient;

/** The CommandComplete tags of a simple Query, in order. */
async function tags(sql: string): Promise<string[]> {
  const frames = await raw.query(sql);
  return frames.filter((f) => f.type === 'C').map((f) => commandTag(f.body));
}

beforeAll(async () => {
  server = await startTestServer();
  raw = await RawClient.connect(server.port);
});

afterAll(async () => {
  raw?.close();
  await server?.stop();
});

describe('command tags', () => {
  it('count the rows each statement touched', async () => {
    expect(await tags('create table ct_t (a int, b text)')).toEqual(['CREATE TABLE']);
    expect(await tags("insert into ct_t values (1, 'x'), (2, 'y'), (3, 'z')")).toEqual(['INSERT 0 3']);
    expect(await tags("update ct_t set b = 'w' where a >= 2")).toEqual(['UPDATE 2']);
    expect(await tags('update ct_t set b = b where a > 10')).toEqual(['UPDATE 0']);
    expect(await tags('delete from ct_t where a = 1')).toEqual(['DELETE 1']);
    expect(await tags('select * from ct_t')).toEqual(['SELECT 2']);
    expect(await tags('select * from ct_t where false')).toEqual(['SELECT 0']);
    expect(await tags('create table ct_u as select * from ct_t')).toEqual(['SELECT 2']);
    expect(await tags('drop table ct_u')).toEqual(['DROP TABLE']);
  });

  it('count RETURNING rows the same way', async () => {
    expect(await tags("insert into ct_t values (4, 'v') returning a")).toEqual(['INSERT 0 1']);
    expect(await tags("update ct_t set b = 'q' returning a")).toEqual(['UPDATE 3']);
    expect(await tags('delete from ct_t returning a')).toEqual(['DELETE 3']);
  });
});
