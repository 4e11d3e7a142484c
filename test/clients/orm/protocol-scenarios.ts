/**
 * Wire-protocol behaviour the ORMs rely on, exercised directly through node-postgres (`pg`)
 * and postgres.js: queued queries, submittable Query objects, named prepared statements,
 * binary parameters and results, error recovery, pipelined transactions, cursors, multi-
 * statement simple queries, COPY in both directions and array type decoding.
 * Tables are prefixed `protocol_`.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import postgres from 'postgres';
import { Checks, errorShape, type Check } from './check.js';

/** Run a submittable pg.Query, collecting the rows its 'row' events deliver. */
function streamRows(client: pg.Client, text: string, values?: unknown[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const rows: unknown[] = [];
    const q = new pg.Query({ text, values });
    q.on('row', (row: unknown) => rows.push(row));
    q.on('error', reject);
    q.on('end', () => resolve(rows));
    client.query(q);
  });
}

async function nodePostgres(url: string, c: Checks): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS protocol_blob');
    await client.query('CREATE TABLE protocol_blob (id int PRIMARY KEY, data bytea, note text)');

    // Several queries issued without awaiting each (node-postgres queues them).
    const queued = await Promise.all([
      client.query('SELECT 1 AS a'),
      client.query('SELECT $1::int + 1 AS b', [2]),
      client.query({ text: 'SELECT $1::text AS c, $2::text AS d', values: ['x', null] }),
      client.query({ text: 'SELECT 1 AS x, 2 AS y', rowMode: 'array' }),
    ]);
    c.add('pg', 'queued queries', queued.map((r) => r.rows));
    c.add('pg', 'field names', queued[3].fields.map((f) => f.name));

    const settled = await Promise.allSettled([client.query('SELECT 10 AS ok'), client.query('SELECT * FROM protocol_nope'), client.query('SELECT 11 AS ok')]);
    c.add(
      'pg',
      'queued with an error in the middle',
      settled.map((s) => (s.status === 'fulfilled' ? s.value.rows : errorShape(s.reason))),
    );

    // Submittable Query object streaming rows.
    c.add('pg', 'pg.Query rows', await streamRows(client, 'SELECT n, n * n AS sq FROM generate_series(1, 5) AS n WHERE n > $1', [2]));

    // Named prepared statement, reused with different values (Parse once, Bind/Execute twice).
    const named = async (v: number) => (await client.query({ name: 'protocol_double', text: 'SELECT $1::int * 2 AS doubled, $1::int IS NULL AS isnull', values: [v] })).rows;
    c.add('pg', 'named statement first', await named(21));
    c.add('pg', 'named statement reused', await named(-4));
    const namedErr = await client.query({ name: 'protocol_div', text: 'SELECT 10 / $1::int AS q', values: [0] }).then(() => null, errorShape);
    c.add('pg', 'named statement error', namedErr);
    c.add('pg', 'named statement after error', (await client.query({ name: 'protocol_div', text: 'SELECT 10 / $1::int AS q', values: [5] })).rows);

    // Buffer parameters are sent in binary format.
    const blob = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x5c, 0x27]);
    const ins = await client.query('INSERT INTO protocol_blob (id, data, note) VALUES ($1, $2, $3), ($4, $5, $6) RETURNING id', [1, blob, 'bin', 2, Buffer.alloc(0), null]);
    c.add('pg', 'insert bytea rowCount', { rowCount: ins.rowCount, command: ins.command, rows: ins.rows });
    const back = await client.query('SELECT id, data, length(data) AS len, note FROM protocol_blob ORDER BY id');
    c.add('pg', 'bytea round trip', back.rows);
    c.add('pg', 'bytea as param in where', (await client.query('SELECT id FROM protocol_blob WHERE data = $1', [blob])).rows);

    // Binary-format results.
    const bin = await client.query({ text: "SELECT 42::int4 AS i, 7::int8 AS l, true AS b, 'héllo'::text AS t, '\\x00ff'::bytea AS y", binary: true } as pg.QueryConfig);
    c.add('pg', 'binary results', bin.rows);

    // Errors keep the connection usable, also inside a transaction.
    c.add('pg', 'syntax error', await client.query('SELEC 1').then(() => null, errorShape));
    c.add('pg', 'division by zero', await client.query('SELECT 1 / 0').then(() => null, errorShape));
    c.add('pg', 'bad parameter', await client.query('SELECT $1::int AS v', ['abc']).then(() => null, errorShape));
    await client.query('BEGIN');
    c.add('pg', 'error in transaction', await client.query('SELECT * FROM protocol_nope').then(() => null, errorShape));
    c.add('pg', 'aborted transaction', await client.query('SELECT 1').then(() => null, errorShape));
    await client.query('ROLLBACK');
    c.add('pg', 'usable after rollback', (await client.query('SELECT count(*)::int AS n FROM protocol_blob')).rows);
    c.add('pg', 'multi-statement simple query', await client.query('SELECT 1 AS a; SELECT 2 AS b').then((r) => (Array.isArray(r) ? r.map((x: pg.QueryResult) => x.rows) : null)));
    await client.query('DROP TABLE protocol_blob');
  } finally {
    await client.end();
  }
}

async function postgresJs(url: string, c: Checks): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined, connect_timeout: 10 });
  try {
    await sql`DROP TABLE IF EXISTS protocol_copy`;
    await sql`CREATE TABLE protocol_copy (id int, name text, tags text[])`;

    // Pipelined queries in one transaction: sql.begin returning an array of queries.
    const piped = await sql.begin((tx) => [
      tx`INSERT INTO protocol_copy (id, name) VALUES (${100}, ${'piped'}) RETURNING id`,
      tx`SELECT count(*)::int AS n FROM protocol_copy`,
      tx`SELECT ${'a'}::text || ${'b'}::text AS ab`,
    ]);
    c.add('postgres.js', 'pipelined begin', piped.map((r) => [...r]));
    await sql`DELETE FROM protocol_copy`;

    // Cursor in batches of 10.
    const batches: number[] = [];
    let sum = 0;
    for await (const rows of sql`SELECT n FROM generate_series(1, 100) AS n`.cursor(10)) {
      batches.push(rows.length);
      for (const r of rows) sum += r.n as number;
    }
    c.add('postgres.js', 'cursor batches', { batches, sum });

    // Multi-statement simple query.
    const multi = await sql.unsafe('SELECT 1 AS a; SELECT 2 AS b, 3 AS c');
    c.add('postgres.js', 'unsafe multi-statement', Array.isArray(multi[0]) ? (multi as unknown as postgres.RowList<postgres.Row[]>[]).map((r) => [...r]) : [...multi]);
    c.add('postgres.js', 'unsafe with parameters', [...(await sql.unsafe('SELECT $1::int + $2::int AS s', [40, 2]))]);

    // COPY FROM STDIN and COPY TO STDOUT.
    const writable = await sql`COPY protocol_copy (id, name, tags) FROM STDIN`.writable();
    await pipeline(Readable.from(['1\tone\t{a,b}\n', '2\ttwo\\twith tab\t\\N\n', '3\t\\N\t{}\n']), writable);
    c.add('postgres.js', 'copy from rows', [...(await sql`SELECT id, name, tags FROM protocol_copy ORDER BY id`)]);
    const readable = await sql`COPY (SELECT id, name, tags FROM protocol_copy ORDER BY id) TO STDOUT`.readable();
    const chunks: Buffer[] = [];
    for await (const chunk of readable) chunks.push(Buffer.from(chunk as Uint8Array));
    c.add('postgres.js', 'copy to text', Buffer.concat(chunks).toString('utf8'));
    const csv = await sql`COPY protocol_copy TO STDOUT WITH (FORMAT csv, HEADER true)`.readable();
    const csvChunks: Buffer[] = [];
    for await (const chunk of csv) csvChunks.push(Buffer.from(chunk as Uint8Array));
    c.add('postgres.js', 'copy to csv', Buffer.concat(csvChunks).toString('utf8'));

    // Array types (postgres.js fetches array type OIDs at connect to decode these).
    const [arr] = await sql`SELECT ${sql.array([1, 2, 3])}::int4[] AS ints, ARRAY['x', 'y z', NULL]::text[] AS texts, '{}'::int4[] AS empty, '{{1,2},{3,4}}'::int4[] AS nested`;
    c.add('postgres.js', 'arrays decode', arr);
    c.add('postgres.js', 'arrays are JS arrays', Array.isArray(arr.ints) && Array.isArray(arr.texts));
    const [typed] = await sql`SELECT ${1.5}::numeric AS num, ${'2024-01-02'}::date AS d, ${sql.json({ a: 1 })}::jsonb AS j, ${true} AS b, 9007199254740993::int8 AS big`;
    c.add('postgres.js', 'scalar types', typed);
    const err = await sql`SELECT * FROM protocol_nope`.then(() => null, errorShape);
    c.add('postgres.js', 'error', err);
    c.add('postgres.js', 'usable after error', [...(await sql`SELECT 1 AS one`)]);
    await sql`DROP TABLE protocol_copy`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function scenario(url: string, c: Checks): Promise<void> {
  await nodePostgres(url, c);
  await postgresJs(url, c);
}

export async function run(url: string): Promise<Check[]> {
  const c = new Checks();
  return c.collect(() => scenario(url, c));
}
