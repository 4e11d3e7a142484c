/**
 * A writable table's `numeric` column declared without a scale is stored as DECIMAL(38,10):
 * its values print without the padding zeros, in text and binary results. Postgres keeps the
 * scale a value was entered with; jammi cannot, so '1.50' prints '1.5' (docs/sql.md).
 */
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';
import { dataRow, fe, RawClient } from '../helpers/raw-client.js';

const jammi = useJammi({ client: true });

/** Result values as the server sent them (text, or binary bytes). */
const raw = { getTypeParser: () => (v: string | Buffer) => v };

/** numeric_send's display scale (the int16 after ndigits, weight and sign). */
const dscale = (b: Buffer) => b.readInt16BE(6);

describe('unconstrained numeric columns', () => {
  it('print without trailing fractional zeros; numeric(p,s) keeps its scale', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE ns_t (id int, n numeric, m numeric(10,2), a numeric[])');
    await c.query("INSERT INTO ns_t VALUES (1, 1.5, 1.5, '{1.25,2}'), (2, 2, 2, NULL), (3, 1.50, 0, NULL), (4, 0, NULL, NULL), (5, -12.0625, NULL, NULL), (6, NULL, NULL, NULL)");
    const r = await c.query({ text: 'SELECT n, m, a FROM ns_t ORDER BY id', types: raw });
    expect(r.rows.map((x) => [x.n, x.m, x.a])).toEqual([
      ['1.5', '1.50', '{1.25,2}'],
      ['2', '2.00', null],
      ['1.5', '0.00', null],
      ['0', null, null],
      ['-12.0625', null, null],
      [null, null, null],
    ]);
    expect(r.fields.map((f) => [f.name, f.dataTypeID, f.dataTypeModifier])).toEqual([
      ['n', 1700, -1],
      ['m', 1700, 655366],
      ['a', 1231, -1],
    ]);
    const star = await c.query({ text: 'SELECT * FROM ns_t WHERE id = 1', types: raw });
    expect(star.rows).toEqual([{ id: '1', n: '1.5', m: '1.50', a: '{1.25,2}' }]);
    const ret = await c.query({ text: 'INSERT INTO ns_t (id, n) VALUES (7, 3.75) RETURNING n', types: raw });
    expect(ret.rows).toEqual([{ n: '3.75' }]);
  });

  it('in binary results the display scale is the trimmed one; numeric(p,s) keeps its own', async () => {
    const rc = await RawClient.connect(jammi.server.port);
    try {
      rc.send(fe.parse('', 'SELECT n, m FROM ns_t WHERE id IN (1, 2, 5) ORDER BY id'), fe.bind('', '', [], [], [1]), fe.execute(''), fe.sync());
      const rows = (await rc.readUntil('Z')).filter((f) => f.type === 'D').map((f) => dataRow(f.body) as Buffer[]);
      expect(rows.map(([n, m]) => [dscale(n), m === null ? null : dscale(m)])).toEqual([
        [1, 2],
        [0, 2],
        [4, null],
      ]);
      // -12.0625: one group before the point (12), one after (0625), negative, scale 4.
      expect(rows[2][0]).toEqual(Buffer.from([0, 2, 0, 0, 0x40, 0, 0, 4, 0, 12, 0x02, 0x71]));
    } finally {
      rc.close();
    }
  });

  it('a bad value is still 22P02 and the connection stays usable', async () => {
    const c = jammi.client;
    await expect(c.query("INSERT INTO ns_t (id, n) VALUES (8, 'abc')")).rejects.toMatchObject({ code: '22P02' });
    expect((await c.query({ text: 'SELECT n FROM ns_t WHERE id = 7', types: raw })).rows).toEqual([{ n: '3.75' }]);
  });
});
