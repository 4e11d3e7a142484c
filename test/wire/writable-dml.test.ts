/**
 * DML on writable tables with the types an application uses: literals take the column's
 * type (arrays, jsonb, bytea), jsonb and array operators on columns, UPDATE … FROM and
 * DELETE … USING with RETURNING, ON CONFLICT, and joins with sources.
 */
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

describe('DML on writable tables', () => {
  it('literals and parameters of array, jsonb and bytea columns; their operators', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE wd_items (id serial PRIMARY KEY, name varchar(20) NOT NULL UNIQUE, price numeric(10,2) DEFAULT 0, tags text[], attrs jsonb, b bytea, emb float4[])');
    const ins = await c.query(
      "INSERT INTO wd_items (name, price, tags, attrs, b, emb) VALUES ('apple', 1.5, '{red,fruit}', '{\"color\":\"red\",\"n\":1}', '\\x0102', '{0.5,0.25}'), ('pear', 2, ARRAY['green'], '{\"color\":\"green\"}', NULL, NULL) RETURNING id, tags, attrs, b",
    );
    expect(ins.rows).toEqual([
      { id: 1, tags: ['red', 'fruit'], attrs: { color: 'red', n: 1 }, b: Buffer.from([1, 2]) },
      { id: 2, tags: ['green'], attrs: { color: 'green' }, b: null },
    ]);
    await c.query('INSERT INTO wd_items (name, tags, attrs, emb) VALUES ($1, $2, $3, $4)', ['plum', ['purple'], { color: 'purple', n: 2 }, [1, 2]]);
    const q = await c.query(
      "SELECT name, attrs->>'color' AS color, attrs @> '{\"n\":1}' AS has_n1, attrs ? 'n' AS has_n, tags[1] AS first_tag, tags @> '{red}' AS red FROM wd_items ORDER BY id",
    );
    expect(q.rows).toEqual([
      { name: 'apple', color: 'red', has_n1: true, has_n: true, first_tag: 'red', red: true },
      { name: 'pear', color: 'green', has_n1: false, has_n: false, first_tag: 'green', red: false },
      { name: 'plum', color: 'purple', has_n1: false, has_n: true, first_tag: 'purple', red: false },
    ]);
    expect((await c.query("UPDATE wd_items SET tags = '{ripe}', attrs = attrs || '{\"ripe\":true}' WHERE name = 'pear' RETURNING tags, attrs")).rows).toEqual([
      { tags: ['ripe'], attrs: { color: 'green', ripe: true } },
    ]);
    expect((await c.query('SELECT name FROM wd_items WHERE attrs @> $1 ORDER BY name', [{ n: 2 }])).rows).toEqual([{ name: 'plum' }]);
  });

  it('UPDATE … FROM and DELETE … USING with RETURNING; ON CONFLICT DO NOTHING / DO UPDATE … WHERE', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE wd_stock (sku text PRIMARY KEY, qty int NOT NULL)');
    await c.query('CREATE TABLE wd_moves (sku text, delta int)');
    await c.query("INSERT INTO wd_stock VALUES ('a', 10), ('b', 5), ('c', 0)");
    await c.query("INSERT INTO wd_moves VALUES ('a', -3), ('b', 2)");
    const moved = (await c.query('UPDATE wd_stock s SET qty = s.qty + m.delta FROM wd_moves m WHERE m.sku = s.sku RETURNING s.sku, s.qty')).rows as { sku: string }[];
    expect(moved.sort((x, y) => x.sku.localeCompare(y.sku))).toEqual([
      { sku: 'a', qty: 7 },
      { sku: 'b', qty: 7 },
    ]);
    expect((await c.query('DELETE FROM wd_stock s USING wd_moves m WHERE m.sku = s.sku AND m.delta < 0 RETURNING s.sku')).rows).toEqual([{ sku: 'a' }]);
    expect((await c.query("INSERT INTO wd_stock VALUES ('b', 1) ON CONFLICT (sku) DO NOTHING RETURNING sku")).rows).toEqual([]);
    const up = await c.query("INSERT INTO wd_stock VALUES ('b', 100), ('c', -1) ON CONFLICT (sku) DO UPDATE SET qty = EXCLUDED.qty WHERE wd_stock.qty < EXCLUDED.qty RETURNING sku, qty");
    expect(up.rows).toEqual([{ sku: 'b', qty: 100 }]);
    expect(up.command).toBe('INSERT');
    expect((await c.query('SELECT sku, qty FROM wd_stock ORDER BY sku')).rows).toEqual([
      { sku: 'b', qty: 100 },
      { sku: 'c', qty: 0 },
    ]);
  });

  it('enum columns compare and sort by label order, and refuse an unknown label with 22P02', async () => {
    const c = jammi.client;
    await c.query("CREATE TYPE wd_mood AS ENUM ('sad', 'ok', 'happy')");
    await c.query('CREATE TABLE wd_feel (id int PRIMARY KEY, m wd_mood)');
    await c.query("INSERT INTO wd_feel VALUES (1, 'happy'), (2, 'sad'), (3, 'ok')");
    expect((await c.query("SELECT id FROM wd_feel WHERE m > 'sad' ORDER BY m")).rows).toEqual([{ id: 3 }, { id: 1 }]);
    expect((await c.query("UPDATE wd_feel SET m = 'ok' WHERE m >= 'ok' RETURNING id")).rows.map((r: { id: number }) => r.id).sort()).toEqual([1, 3]);
    const err = await c.query("INSERT INTO wd_feel VALUES (4, 'angry')").catch((e: { code: string; message: string }) => e);
    expect(err).toMatchObject({ code: '22P02', message: 'invalid input value for enum wd_mood: "angry"' });
    expect((await c.query('SELECT count(*)::int AS n FROM wd_feel')).rows).toEqual([{ n: 3 }]);
  });

  it('writable tables join with a source in one query', async () => {
    const c = jammi.client;
    const cities = (await c.query('SELECT name FROM cities.cities ORDER BY name LIMIT 2')).rows as { name: string }[];
    await c.query('CREATE TABLE wd_visits (city text, n int)');
    await c.query('INSERT INTO wd_visits VALUES ($1, 3), ($2, 4)', [cities[0].name, cities[1].name]);
    const r = await c.query('SELECT v.city, v.n, c.name IS NOT NULL AS known FROM wd_visits v JOIN cities.cities c ON c.name = v.city ORDER BY v.n');
    expect(r.rows).toEqual([
      { city: cities[0].name, n: 3, known: true },
      { city: cities[1].name, n: 4, known: true },
    ]);
  });

  it('INSERT with fewer VALUES than columns fills the first ones and defaults the rest, as Postgres', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE wd_short (a int, b int DEFAULT 5, c text)');
    await c.query('INSERT INTO wd_short VALUES (1)');
    await c.query('INSERT INTO wd_short VALUES (2, 3), (4, 6)');
    expect((await c.query('SELECT a, b, c FROM wd_short ORDER BY a')).rows).toEqual([
      { a: 1, b: 5, c: null },
      { a: 2, b: 3, c: null },
      { a: 4, b: 6, c: null },
    ]);
  });

  it('SELECT * over a USING join of two tables lists the join column once, first', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE wd_ja (k int, a int)');
    await c.query('CREATE TABLE wd_jb (k int, b int)');
    await c.query('INSERT INTO wd_ja VALUES (1, 2)');
    await c.query('INSERT INTO wd_jb VALUES (1, 3)');
    const r = await c.query('SELECT * FROM wd_ja JOIN wd_jb USING (k)');
    expect(r.fields.map((f) => f.name)).toEqual(['k', 'a', 'b']);
    expect(r.rows).toEqual([{ k: 1, a: 2, b: 3 }]);
  });
});
