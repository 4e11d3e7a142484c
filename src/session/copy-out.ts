import type { DuckDBDataChunk } from '@duckdb/node-api';
import type { EngineStream } from '../engine/index.js';
import { PgError, pgErrors, SqlStates } from '../errors/index.js';
import type { CopyToPlan } from '../sql/index.js';
import { BINARY_COPY_TRAILER, binaryCopyHeader, binaryCopyRow, copyCsvQuoter, copyTextEscaper, type EncodeContext, type EncoderKind } from '../types/index.js';
import type { ProtocolOutput } from '../wire/index.js';
import { resultColumnsOf, RowEncoder } from './row-encoder.js';
import type { PumpResult, RowSource } from './row-source.js';

type Cells = (string | Buffer | null)[];

/** Types whose text output may hold what COPY escapes or quotes (backslashes, line ends, quotes, any delimiter). */
const needsEscaping = new Set<EncoderKind>(['text', 'json', 'bytea', 'array', 'record', 'composite', 'bit']);

/**
 * COPY … TO STDOUT: CopyOutResponse, one CopyData per row as the engine streams them (text,
 * CSV or binary, values in Postgres's output format), CopyDone, then `COPY n`. Execute's row
 * limit does not apply: a COPY runs to completion, as in Postgres.
 * @see https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-COPY
 */
export class CopyOutSource implements RowSource {
  readonly columns = null;

  constructor(
    private readonly stream: EngineStream,
    private readonly plan: CopyToPlan,
    private readonly ctx: EncodeContext,
  ) {}

  async pump(out: ProtocolOutput, _encoder: RowEncoder | null, _limit: number, isCancelled: () => boolean): Promise<PumpResult> {
    const o = this.plan.options;
    const cols = resultColumnsOf(this.stream.columns, this.plan.query.columnTypes);
    const names = cols.map((c) => c.name);
    const binary = o.format === 'binary';
    const format = binary ? 1 : 0;
    const line = this.lineWriter(names, cols.map((c) => c.type.kind));
    const encoder = new RowEncoder(cols, names.map(() => format), this.ctx);
    out.ser.copyOutResponse(format, names.map(() => format));
    if (binary) out.ser.copyData(binaryCopyHeader());
    else if (o.header) out.ser.copyData(line(names, true));
    let rows = 0;
    const emit = binary ? (cells: Cells) => out.ser.copyData(binaryCopyRow(cells as (Buffer | null)[])) : (cells: Cells) => out.ser.copyData(line(cells as (string | null)[], false));
    // The engine fetches the next chunk (on its own thread) while this one is encoded.
    let next = this.stream.next();
    for (;;) {
      if (isCancelled()) {
        await next.catch(() => null);
        this.stream.close();
        throw pgErrors.canceled();
      }
      const chunk: DuckDBDataChunk | null = await next;
      if (!chunk) break;
      next = this.stream.next();
      // A failed prefetch is thrown by the next await, not reported as unhandled meanwhile.
      next.catch(() => undefined);
      encoder.encodeRows(chunk, 0, chunk.rowCount, emit);
      rows += chunk.rowCount;
      await out.flushIfFull();
    }
    if (binary) out.ser.copyData(BINARY_COPY_TRAILER);
    out.ser.copyDone();
    return { done: true, tag: `COPY ${rows}` };
  }

  /** Builds one text or CSV line from a row's cells (or the header's names). */
  private lineWriter(names: string[], kinds: EncoderKind[]): (cells: (string | null)[], header: boolean) => string {
    const o = this.plan.options;
    const delim = o.delimiter;
    // Values of these types never hold a backslash, control character, quote or letter-free
    // delimiter: with such a delimiter (and quote) they need no escaping or quoting check.
    const safe = !/[A-Za-z0-9 .:+-]/.test(delim + (o.format === 'csv' ? o.quote : ''));
    const plain = kinds.map((k) => safe && !needsEscaping.has(k));
    if (o.format === 'csv') {
      const quoter = copyCsvQuoter(o, names.length === 1);
      const force = o.forceQuote === '*' ? names.map(() => true) : names.map((n) => (o.forceQuote as string[]).includes(n));
      for (const n of o.forceQuote === '*' ? [] : o.forceQuote) {
        if (!names.includes(n)) throw new PgError(SqlStates.invalid_column_reference, `FORCE_QUOTE column "${n}" not referenced by COPY`);
      }
      return (cells, header) => {
        let s = '';
        for (let i = 0; i < cells.length; i++) {
          const c = cells[i];
          s += (i ? delim : '') + (c === null ? o.null : !header && plain[i] && !force[i] && c !== o.null ? c : quoter(c, !header && force[i]));
        }
        return s + '\n';
      };
    }
    const escape = copyTextEscaper(delim);
    return (cells, header) => {
      let s = '';
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i];
        s += (i ? delim : '') + (c === null ? o.null : !header && plain[i] ? c : escape(c));
      }
      return s + '\n';
    };
  }

  close(): void {
    this.stream.close();
  }
}
