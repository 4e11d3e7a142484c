import { describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import { thrown } from '../../test/helpers/thrown.js';
import { ColumnWriter } from './copy-canonical.js';
import { copyCsvQuoter } from './copy-csv.js';
import { type CopyInBatch, CopyInStream, type CopyInFormatName, readerFor } from './copy-in-stream.js';
import type { CopyInFormat } from './copy-reader.js';
import { copyTextEscaper, unescapeCopyText } from './copy-text.js';
import { transpose, transposeCsv } from './copy-transpose.js';

/** A format over the columns `names`, with Postgres's defaults for `format`. */
function fmt(format: CopyInFormatName, names: string[], o: Partial<{ delimiter: string; null: string; header: boolean | 'match'; quote: string; escape: string; forceNull: boolean[]; forceNotNull: boolean[] }> = {}): CopyInFormat {
  const csv = format === 'csv';
  return {
    relname: 't',
    columns: names,
    delimiter: (o.delimiter ?? (csv ? ',' : '\t')).charCodeAt(0),
    null: Buffer.from(o.null ?? (csv ? '' : '\\N')),
    header: o.header ?? false,
    quote: (o.quote ?? '"').charCodeAt(0),
    escape: (o.escape ?? o.quote ?? '"').charCodeAt(0),
    forceNull: o.forceNull ?? names.map(() => false),
    forceNotNull: o.forceNotNull ?? names.map(() => false),
  };
}

/** Rows of a batch, decoded the way the load SQL reads it (columns zipped back into rows). */
function rowsOf(b: CopyInBatch, f: CopyInFormat, format: CopyInFormatName): (string | null)[][] {
  const text = b.canonical || format !== 'csv';
  const nul = b.canonical ? '\\N' : f.null.toString();
  const cols = b.columns.map((c) => c.toString('utf8').split('\n'));
  return Array.from({ length: b.rows }, (_, r) => cols.map((col, i) => (col[r] === nul && !(!text && f.forceNotNull[i]) ? null : text ? unescapeCopyText(col[r]) : col[r])));
}

/** Every row the stream yields for `input` fed in pieces of `step` bytes. */
function streamRows(format: CopyInFormatName, f: CopyInFormat, input: Buffer, step: number, batchBytes = 1 << 20): (string | null)[][] {
  const s = new CopyInStream(format, f, [], batchBytes);
  const batches: CopyInBatch[] = [];
  for (let i = 0; i < input.length; i += step) batches.push(...s.push(input.subarray(i, i + step)));
  batches.push(...s.end());
  return batches.flatMap((b) => rowsOf(b, f, format));
}

/** Rows a reader writes for the whole input at once. */
function read(format: CopyInFormatName, f: CopyInFormat, input: string | Buffer): (string | null)[][] {
  const out = new ColumnWriter(f.columns.length);
  readerFor(format, f, []).read(Buffer.isBuffer(input) ? input : Buffer.from(input), out, true);
  const rows = out.rows;
  return rowsOf({ columns: out.take(), canonical: true, escapes: true, rows, firstLine: 1 }, f, format);
}

const fail = (fn: () => unknown) => thrown(PgError, fn);

describe('text format', () => {
  const f = fmt('text', ['a', 'b']);
  it('decodes escapes, NULL markers and line ends', () => {
    expect(read('text', f, 'x\\ty\\\\z\t\\N\n\\101\\x42\\7\\x\t\\\\N\r\n'.replace('\r\n', '\n'))).toEqual([
      ['x\ty\\z', null],
      ['AB\x07x', '\\N'],
    ]);
    expect(read('text', f, '1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(read('text', fmt('text', ['a', 'b'], { delimiter: '|', null: '' }), 'a\\|b|\n|x\n')).toEqual([
      ['a|b', null],
      [null, 'x'],
    ]);
  });

  it('stops at \\. and reports what Postgres reports for malformed input', () => {
    expect(read('text', f, '1\t2\nlast\tline\\.\nignored\n')).toEqual([
      ['1', '2'],
      ['last', 'line'],
    ]);
    expect(fail(() => read('text', f, '1\t2\n3\t4\\.x\n'))).toMatchObject({ code: '22P04', message: 'end-of-copy marker corrupt' });
    expect(fail(() => read('text', f, '1\t2\n3\t4\r5\t6\n'))).toMatchObject({ code: '22P04', message: 'literal carriage return found in data', fields: { where: 'COPY t, line 2' } });
    expect(fail(() => read('text', f, '1\t2\n3\n'))).toMatchObject({ code: '22P04', message: 'missing data for column "b"', fields: { where: 'COPY t, line 2: "3"' } });
    expect(fail(() => read('text', f, '1\t2\t3\n'))).toMatchObject({ code: '22P04', message: 'extra data after last expected column' });
    const validating = readerFor('text', f, [], true);
    expect(fail(() => validating.read(Buffer.from('1\t\\x00\n'), new ColumnWriter(2), true))).toMatchObject({ code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' });
  });

  it('skips or checks the header', () => {
    expect(read('text', fmt('text', ['a', 'b'], { header: true }), 'x\ty\n1\t2\n')).toEqual([['1', '2']]);
    expect(fail(() => read('text', fmt('text', ['a', 'b'], { header: 'match' }), 'a\tc\n1\t2\n'))).toMatchObject({ message: 'column name mismatch in header line field 2: got "c", expected "b"' });
  });

  it('escapes values on the way out as Postgres does', () => {
    expect(copyTextEscaper('\t')('a\tb\nc\\d\re\x01|')).toBe('a\\tb\\nc\\\\d\\re\x01|');
    expect(copyTextEscaper('|')('a|b\tc')).toBe('a\\|b\\tc');
  });
});

describe('CSV format', () => {
  const f = fmt('csv', ['a', 'b', 'c']);
  it('reads quotes, doubled quotes, quoted line ends and empty-versus-NULL', () => {
    expect(read('csv', f, 'x,"y,z","say ""hi"""\n"multi\r\nline",,""\n')).toEqual([
      ['x', 'y,z', 'say "hi"'],
      ['multi\r\nline', null, ''],
    ]);
    expect(read('csv', fmt('csv', ['a', 'b'], { quote: "'", escape: '\\' }), "'it\\'s','a\\\\b'\n")).toEqual([["it's", 'a\\b']]);
  });

  it('applies FORCE_NULL and FORCE_NOT_NULL', () => {
    const g = fmt('csv', ['a', 'b'], { null: 'NA', forceNull: [true, false], forceNotNull: [false, true] });
    expect(read('csv', g, '"NA",NA\nNA,"NA"\n')).toEqual([
      [null, 'NA'],
      [null, 'NA'],
    ]);
  });

  it('reports an unterminated quote and ends at \\. alone on a line', () => {
    expect(fail(() => read('csv', f, 'a,"b,c\n'))).toMatchObject({ code: '22P04', message: 'unterminated CSV quoted field' });
    expect(read('csv', fmt('csv', ['a']), '1\n\\.\n2\n')).toEqual([['1']]);
  });

  it('quotes values on the way out as Postgres does', () => {
    const q = copyCsvQuoter({ delimiter: ',', quote: '"', escape: '"', null: '' }, false);
    expect(['plain', 'a,b', 'say "x"', '', 'l\nf'].map((s) => q(s, false))).toEqual(['plain', '"a,b"', '"say ""x"""', '""', '"l\nf"']);
    expect(q('x', true)).toBe('"x"');
    expect(copyCsvQuoter({ delimiter: ',', quote: '"', escape: '"', null: '' }, true)('\\.', false)).toBe('"\\."');
  });
});

describe('binary format', () => {
  const int4 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeInt32BE(4, 0);
    b.writeInt32BE(n, 4);
    return b;
  };
  const file = (...rows: Buffer[]) => Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8), ...rows, Buffer.from([0xff, 0xff])]);
  const row = (...cells: Buffer[]) => Buffer.concat([Buffer.from([0, cells.length]), ...cells]);
  const f = fmt('binary', ['a', 'b']);

  it('decodes rows by column type, whatever the message boundaries', () => {
    const data = file(row(int4(1), Buffer.from([0xff, 0xff, 0xff, 0xff])), row(int4(-5), int4(7)));
    for (const step of [1, 3, 7, data.length]) {
      const s = new CopyInStream('binary', f, [23, 23], 1);
      const out: CopyInBatch[] = [];
      for (let i = 0; i < data.length; i += step) out.push(...s.push(data.subarray(i, i + step)));
      out.push(...s.end());
      expect(out.flatMap((b) => rowsOf(b, f, 'binary'))).toEqual([
        ['1', null],
        ['-5', '7'],
      ]);
    }
  });

  it('reports a bad signature, field count and data after the trailer', () => {
    const s = (data: Buffer) => () => {
      const st = new CopyInStream('binary', f, [23, 23], 1 << 20);
      st.push(data);
      st.end();
    };
    expect(fail(s(Buffer.from('PGCOPY?')))).toMatchObject({ code: '22P04', message: 'COPY file signature not recognized' });
    expect(fail(s(file(row(int4(1)))))).toMatchObject({ code: '22P04', message: 'row field count is 1, expected 2' });
    expect(fail(s(Buffer.concat([file(), Buffer.from([0])])))).toMatchObject({ code: '22P04', message: 'received copy data after EOF marker' });
    expect(fail(s(file(row(int4(1), Buffer.from([0, 0, 0, 2, 0, 1])))))).toMatchObject({ code: '22P03', fields: { where: 'COPY t, line 1, column b' } });
  });
});

describe('the batch stream', () => {
  it('gives the same rows however the input is split across messages', () => {
    const f = fmt('text', ['a', 'b']);
    const input = Buffer.from(Array.from({ length: 40 }, (_, i) => `${i}\tv${i} é\\\\x${i % 7 === 0 ? '\\t' : ''}\n`).join('') + '40\t\\N\n');
    const whole = streamRows('text', f, input, input.length, 64);
    expect(whole).toHaveLength(41);
    expect(whole[7]).toEqual(['7', 'v7 é\\x\t']);
    expect(whole[40]).toEqual(['40', null]);
    for (const step of [1, 2, 5, 13, 64]) expect(streamRows('text', f, input, step, 64)).toEqual(whole);
    const csv = fmt('csv', ['a', 'b']);
    const csvInput = Buffer.from('1,"a,\nb"\n2,plain\n3,\n4,"q""q"\n'.repeat(10));
    const csvWhole = streamRows('csv', csv, csvInput, csvInput.length, 32);
    expect(csvWhole.slice(0, 4)).toEqual([
      ['1', 'a,\nb'],
      ['2', 'plain'],
      ['3', null],
      ['4', 'q"q'],
    ]);
    for (const step of [1, 3, 8, 31]) expect(streamRows('csv', csv, csvInput, step, 32)).toEqual(csvWhole);
  });

  it('passes plain rows through untouched after the first batch, with their line numbers', () => {
    const f = fmt('text', ['a']);
    const s = new CopyInStream('text', f, [], 8);
    const out = [...s.push(Buffer.from('1\n2\n3\n4\n')), ...s.push(Buffer.from('5\n\\N\n66\n')), ...s.push(Buffer.from('7\\t\n8\n')), ...s.end()];
    expect(out.map((b) => [b.canonical, b.escapes, b.rows, b.firstLine, b.columns.map(String)])).toEqual([
      [true, false, 4, 1, ['1\n2\n3\n4']],
      [false, false, 3, 5, ['5\n\\N\n66']],
      [false, true, 2, 8, ['7\\t\n8']],
    ]);
  });
});

describe('the fast path (transpose)', () => {
  const text = { csv: false, delimiter: 9, quote: 34, columns: 2, nullIsMarker: true };
  it('splits rows into column buffers, growing a column that holds most of the bytes', () => {
    const long = 'x'.repeat(5000);
    const input = Buffer.from(`1\t${long}\n2\t\\N\n3\t${long}\\t\n4\tlast`);
    const t = transpose(input, input.length, text)!;
    expect(t.rows).toBe(4);
    expect(t.escapes).toBe(true);
    expect(t.columns.map(String)).toEqual(['1\n2\n3\n4', `${long}\n\\N\n${long}\\t\nlast`]);
    expect(transpose(Buffer.from('1\t\\N\n'), 5, text)!.escapes).toBe(false);
  });

  it('leaves to the row reader what it cannot split as it came', () => {
    for (const bad of ['1\t2\t3\n', '1\n', '1\t2\r\n', '1\ta\\\tb\n', '1\ta\\\nb\n', '\\.\n', '1\t\0\n']) {
      expect(transpose(Buffer.from(bad), Buffer.byteLength(bad), text)).toBeNull();
    }
    const csv = { ...text, csv: true, delimiter: 44 };
    expect(transpose(Buffer.from('1,"a"\n'), 6, csv)).toBeNull();
    expect(transpose(Buffer.from('1,a\\b\n'), 6, csv)!.columns.map(String)).toEqual(['1', 'a\\b']);
  });
});

describe('the CSV fast path', () => {
  /** The rows the stream gives when everything after the first (reader) batch takes the fast path. */
  const viaStream = (f: CopyInFormat, input: string, step: number) => streamRows('csv', f, Buffer.from(input), step, 16);
  it('gives what the CSV reader gives', () => {
    const cases: [CopyInFormat, string][] = [
      [fmt('csv', ['a', 'b', 'c']), 'x,"y,z","say ""hi"""\n"multi\r\nline",,""\n\\N,a\\b,"q\\"\n'.repeat(4)],
      [fmt('csv', ['a', 'b'], { null: 'NA', quote: "'", escape: '\\' }), "NA,'NA'\n'it\\'s',x\\y\n'a\\\\b',NA\n".repeat(4)],
      [fmt('csv', ['a', 'b'], { delimiter: ';' }), '1;"a;b\nc"\n2;\n'.repeat(5)],
    ];
    for (const [f, input] of cases) {
      const csv = { delimiter: f.delimiter, quote: f.quote, escape: f.escape, columns: f.columns.length, null: f.null };
      const direct = transposeCsv(Buffer.from(input), Buffer.byteLength(input), csv, true);
      expect(direct?.consumed).toBe(Buffer.byteLength(input));
      const expected = read('csv', f, input);
      for (const step of [1, 4, 9, 64]) expect({ step, rows: viaStream(f, input, step) }).toEqual({ step, rows: expected });
    }
  });
});
