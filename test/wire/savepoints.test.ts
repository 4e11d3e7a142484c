/**
 * SAVEPOINT / RELEASE / ROLLBACK TO SAVEPOINT. DuckDB has no savepoints: jammi rolls back to
 * one by restarting the transaction, which is exact when only reads preceded it (the test
 * fixture pattern `BEGIN; SAVEPOINT s; … ROLLBACK TO SAVEPOINT s`); after a write it is 0A000.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

const failure = (p: Promise<unknown>): Promise<{ code: string; message: string }> =>
  p.then(
    () => {
      throw new Error('expected the statement to fail');
    },
    (e: { code: string; message: string }) => e,
  );

describe('savepoints', () => {
  it('rolls back to a savepoint taken before any write, also from a failed state, and keeps it', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE sp_t (id int PRIMARY KEY, v text)');
    await c.query("INSERT INTO sp_t VALUES (1, 'committed')");
    await c.query('BEGIN');
    expect((await c.query('SELECT count(*)::int AS n FROM sp_t')).rows).toEqual([{ n: 1 }]);
    await c.query('SAVEPOINT fixture');
    await c.query("INSERT INTO sp_t VALUES (2, 'test data')");
    await c.query("UPDATE sp_t SET v = 'changed' WHERE id = 1");
    expect((await c.query('ROLLBACK TO SAVEPOINT fixture')).command).toBe('ROLLBACK');
    expect((await c.query('SELECT id, v FROM sp_t ORDER BY id')).rows).toEqual([{ id: 1, v: 'committed' }]);
    // The savepoint survives: a failed statement, then back to it again.
    await c.query("INSERT INTO sp_t VALUES (3, 'x')");
    expect(await failure(c.query("INSERT INTO sp_t VALUES (1, 'dup')"))).toMatchObject({ code: '23505' });
    expect(await failure(c.query('SELECT 1'))).toMatchObject({ code: '25P02' });
    await c.query('ROLLBACK TO fixture');
    await c.query("INSERT INTO sp_t VALUES (4, 'kept')");
    await c.query('RELEASE SAVEPOINT fixture');
    await c.query('COMMIT');
    expect((await c.query('SELECT id FROM sp_t ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 4 }]);
  });

  it('notifications queued after the savepoint are dropped with it', async () => {
    const c = jammi.client;
    const listener = await jammi.connect();
    const got: string[] = [];
    listener.on('notification', (n) => got.push(n.payload ?? ''));
    await listener.query('LISTEN sp_chan');
    await c.query('BEGIN');
    await c.query('SAVEPOINT s');
    await c.query("NOTIFY sp_chan, 'dropped'");
    await c.query('ROLLBACK TO SAVEPOINT s');
    await c.query("NOTIFY sp_chan, 'sent'");
    await c.query('COMMIT');
    await listener.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(['sent']);
    await listener.end();
  });

  it('answers Postgres errors for unknown savepoints and outside blocks, and 0A000 after a write', async () => {
    const c = jammi.client;
    expect(await failure(c.query('SAVEPOINT s'))).toMatchObject({ code: '25P01', message: 'SAVEPOINT can only be used in transaction blocks' });
    expect(await failure(c.query('ROLLBACK TO SAVEPOINT s'))).toMatchObject({ code: '25P01' });
    await c.query('BEGIN');
    expect(await failure(c.query('RELEASE SAVEPOINT nope'))).toMatchObject({ code: '3B001', message: 'savepoint "nope" does not exist' });
    await c.query('ROLLBACK');
    await c.query('BEGIN');
    await c.query("INSERT INTO sp_t VALUES (10, 'before')");
    await c.query('SAVEPOINT late');
    await c.query("INSERT INTO sp_t VALUES (11, 'after')");
    await c.query('RELEASE late');
    await c.query('SAVEPOINT late2');
    expect(await failure(c.query('ROLLBACK TO SAVEPOINT late2'))).toMatchObject({ code: '0A000' });
    await c.query('ROLLBACK');
    expect((await c.query('SELECT count(*)::int AS n FROM sp_t WHERE id >= 10')).rows).toEqual([{ n: 0 }]);
  });

  it('a COPY FROM before the savepoint counts as a write: rolling back to it is 0A000 and the copied rows stay', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE sp_copy (id int)');
    await c.query('BEGIN');
    await pipeline(Readable.from(['1\n2\n']), c.query(copyFrom('COPY sp_copy FROM STDIN')));
    await c.query('SAVEPOINT after_copy');
    expect(await failure(c.query('ROLLBACK TO SAVEPOINT after_copy'))).toMatchObject({ code: '0A000' });
    await c.query('ROLLBACK');
    await c.query('BEGIN');
    await pipeline(Readable.from(['3\n']), c.query(copyFrom('COPY sp_copy FROM STDIN')));
    await c.query('COMMIT');
    expect((await c.query('SELECT id FROM sp_copy')).rows).toEqual([{ id: 3 }]);
  });
});
