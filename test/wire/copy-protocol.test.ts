/**
 * The COPY sub-protocol message by message, with a raw client: CopyInResponse/CopyOutResponse
 * and their format codes, COPY in the extended protocol (Execute of a COPY portal, Sync
 * ignored during copy-in, messages skipped until Sync after an error), a COPY inside a
 * multi-statement Query, a non-copy message during copy-in, and stray copy messages outside
 * COPY, which are ignored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fe as copy } from '../helpers/bytes.js';
import { useJammi } from '../helpers/jammi.js';
import { commandTag, errorFields, fe, RawClient, sendCancel, textRow, types } from '../helpers/raw-client.js';

const jammi = useJammi();
let c: RawClient;

beforeEach(async () => {
  c = await RawClient.connect(jammi.server.port);
});
afterEach(() => c.close());

const tags = (frames: { type: string; body: Buffer }[]) => frames.filter((f) => f.type === 'C').map((f) => commandTag(f.body));
const errors = (frames: { type: string; body: Buffer }[]) => frames.filter((f) => f.type === 'E').map((f) => errorFields(f.body));
const count = async (table: string) => textRow((await c.query(`SELECT count(*) FROM ${table}`)).find((f) => f.type === 'D')!.body)[0];

describe('copy-in', () => {
  it('answers CopyInResponse with the format codes, then COPY n (simple protocol)', async () => {
    await c.query('CREATE TABLE p1 (a int, b text)');
    c.send(fe.query('COPY p1 FROM STDIN'));
    const g = await c.readUntil('G');
    expect(types(g)).toBe('G');
    // text: overall 0, two columns, each 0
    expect([...g[0].body]).toEqual([0, 0, 2, 0, 0, 0, 0]);
    c.send(copy.copyData('1\tone\n2\t'), copy.copyData('two\n'), copy.copyDone());
    const done = await c.readUntil('Z');
    expect(types(done)).toBe('C Z');
    expect(tags(done)).toEqual(['COPY 2']);
    c.send(fe.query('COPY p1 FROM STDIN (FORMAT binary)'));
    const bin = await c.readUntil('G');
    expect([...bin[0].body]).toEqual([1, 0, 2, 0, 1, 0, 1]);
    c.send(copy.copyFail('never mind'));
    const failed = await c.readUntil('Z');
    expect(errors(failed)[0]).toMatchObject({ C: '57014', M: 'COPY from stdin failed: never mind' });
    expect(await count('p1')).toBe('2');
  });

  it('runs the rest of a multi-statement Query after the COPY', async () => {
    await c.query('CREATE TABLE p2 (a int)');
    c.send(fe.query("COPY p2 FROM STDIN; SELECT count(*) FROM p2; SELECT 'after'"));
    await c.readUntil('G');
    c.send(copy.copyData('1\n2\n3\n'), copy.copyDone());
    const rest = await c.readUntil('Z');
    expect(tags(rest)).toEqual(['COPY 3', 'SELECT 1', 'SELECT 1']);
    expect(rest.filter((f) => f.type === 'D').map((f) => textRow(f.body)[0])).toEqual(['3', 'after']);
  });

  it('a failed COPY ends the Query at once; copy messages still in flight are ignored', async () => {
    await c.query('CREATE TABLE p3 (a int)');
    c.send(fe.query('COPY p3 FROM STDIN; SELECT 1'));
    await c.readUntil('G');
    c.send(copy.copyData('1\nx\n'), copy.copyData('3\n'), copy.copyDone());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('E Z');
    expect(errors(f)[0]).toMatchObject({ C: '22P02', W: 'COPY p3, line 2, column a: "x"' });
    expect(await count('p3')).toBe('0');
  });

  it('a non-copy message during copy-in is a protocol error (08P01) ending the COPY', async () => {
    await c.query('CREATE TABLE p4 (a int)');
    c.send(fe.query('COPY p4 FROM STDIN'));
    await c.readUntil('G');
    c.send(copy.copyData('1\n'), fe.query('SELECT 1'));
    const f = await c.readUntil('Z');
    expect(errors(f)[0]).toMatchObject({ C: '08P01', M: 'unexpected message type 0x51 during COPY from stdin' });
    expect(await count('p4')).toBe('0');
  });

  it('works as an extended-protocol portal; Sync and Flush are ignored during copy-in', async () => {
    await c.query('CREATE TABLE p5 (a int, b text)');
    c.send(fe.parse('', 'COPY p5 (b, a) FROM STDIN WITH (FORMAT csv)'), fe.bind('', ''), fe.describe('P', ''), fe.execute('', 0), fe.flush());
    const g = await c.readUntil('G');
    expect(types(g)).toBe('1 2 n G');
    c.send(copy.copyData('x,1\n'), fe.sync(), fe.flush(), copy.copyData('"y,z",2\n'), copy.copyDone(), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('C Z');
    expect(tags(f)).toEqual(['COPY 2']);
    const rows = (await c.query('SELECT a, b FROM p5 ORDER BY a')).filter((x) => x.type === 'D').map((x) => textRow(x.body));
    expect(rows).toEqual([
      ['1', 'x'],
      ['2', 'y,z'],
    ]);
  });

  it('after an error in the extended protocol, messages are skipped until Sync; nothing is kept', async () => {
    await c.query('CREATE TABLE p6 (a int)');
    c.send(fe.parse('', 'COPY p6 FROM STDIN'), fe.bind('', ''), fe.execute('', 0), fe.flush());
    await c.readUntil('G');
    c.send(copy.copyData('1\nbad\n'), copy.copyData('3\n'), copy.copyDone(), fe.parse('', 'SELECT 1'), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('E Z');
    expect(errors(f)[0]).toMatchObject({ C: '22P02' });
    expect(f[f.length - 1].body.toString()).toBe('I');
    expect(await count('p6')).toBe('0');
  });

  it('a CancelRequest during copy-in cancels the COPY (57014) and keeps nothing', async () => {
    await c.query('CREATE TABLE p7 (a int)');
    c.send(fe.query('COPY p7 FROM STDIN'));
    await c.readUntil('G');
    c.send(copy.copyData('1\n2\n'));
    await sendCancel(jammi.server.port, c.pid, c.secret);
    c.send(copy.copyData('3\n'), copy.copyDone());
    const f = await c.readUntil('Z');
    expect(errors(f)[0]).toMatchObject({ C: '57014' });
    expect(await count('p7')).toBe('0');
  });

  it('ignores CopyData, CopyDone and CopyFail outside COPY', async () => {
    c.send(copy.copyData('1\n'), copy.copyDone(), copy.copyFail('stray'));
    const f = await c.query('SELECT 1');
    expect(types(f)).toBe('T D C Z');
  });
});

describe('copy-out', () => {
  it('answers CopyOutResponse, one CopyData per row, CopyDone, COPY n', async () => {
    await c.query("CREATE TABLE q1 (a int, b text); INSERT INTO q1 VALUES (1, 'x'), (2, NULL)");
    const f = await c.query('COPY q1 TO STDOUT');
    expect(types(f)).toBe('H d d c C Z');
    expect([...f[0].body]).toEqual([0, 0, 2, 0, 0, 0, 0]);
    expect(f.filter((x) => x.type === 'd').map((x) => x.body.toString())).toEqual(['1\tx\n', '2\t\\N\n']);
    expect(tags(f)).toEqual(['COPY 2']);
  });

  it('runs in the extended protocol and ignores the row limit of Execute', async () => {
    c.send(fe.parse('', 'COPY (SELECT * FROM generate_series(1, 5)) TO STDOUT (FORMAT csv)'), fe.bind('', ''), fe.describe('P', ''), fe.execute('', 2), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 n H d d d d d c C Z');
    expect(tags(f)).toEqual(['COPY 5']);
  });
});
