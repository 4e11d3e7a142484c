import { PgError, SqlStates } from '../errors/index.js';
import { FETCH_ALL, tagWithCount } from '../sql/index.js';
import type { ProtocolOutput } from '../wire/index.js';
import type { RowEncoder } from './row-encoder.js';
import { type PumpResult, type RowSource, TagSource, ValuesSource } from './row-source.js';

/**
 * What makes a portal an SQL cursor (DECLARE). jammi's cursors read forward only: the rows
 * come from a DuckDB stream, which cannot be rewound. A cursor open while other statements
 * run on the session keeps its remaining rows in memory (see EngineConnection.detachActive).
 */
export interface CursorState {
  /** Rows read or skipped so far: FETCH ABSOLUTE n counts from here. */
  position: number;
  /** DECLARE … BINARY: FETCH answers in binary. */
  binary: boolean;
  /** WITH HOLD: `pending` until the declaring transaction commits, then `held` (it outlives the transaction). */
  hold: 'no' | 'pending' | 'held';
}

/** A portal as a cursor statement sees it. */
export interface CursorPortal {
  source: RowSource | null;
  cursor?: CursorState;
}

/** Rows a FETCH or MOVE skips, then reads (FETCH_ALL: to the end). */
export interface ForwardStep {
  skip: number;
  take: number;
}

const backward = () =>
  new PgError(SqlStates.object_not_in_prerequisite_state, 'cursor can only scan forward', {
    hint: 'jammi cursors read forward only (FETCH NEXT, FORWARD n, ALL, RELATIVE n > 0, ABSOLUTE past the current row).',
  });

/** A FETCH/MOVE direction as a forward step from `position`; anything that would move back is 55000, as for a NO SCROLL cursor. */
export function forwardStep(direction: 'forward' | 'backward' | 'absolute' | 'relative', count: number, position: number): ForwardStep {
  switch (direction) {
    case 'forward':
      if (count > 0) return { skip: 0, take: count };
      break;
    case 'relative':
      if (count > 0) return { skip: count - 1, take: 1 };
      break;
    case 'absolute':
      if (count > position) return { skip: count - position - 1, take: 1 };
      break;
    case 'backward':
      break;
  }
  // FORWARD 0 / RELATIVE 0 re-read the current row: that needs the cursor to step back too.
  throw backward();
}

/**
 * The rows of one FETCH (or, with no columns, the count of one MOVE) read from a cursor's
 * portal. It pumps the cursor's own source, so Execute's row limit still suspends it.
 */
export class CursorFetchSource implements RowSource {
  readonly columns;
  readonly binary: boolean;
  private skip: number;
  private read = 0;

  constructor(
    private readonly portal: CursorPortal & { cursor: CursorState },
    private readonly move: boolean,
    private readonly step: ForwardStep,
  ) {
    this.columns = move ? null : (portal.source?.columns ?? null);
    this.binary = portal.cursor.binary;
    this.skip = step.skip;
  }

  async pump(out: ProtocolOutput, encoder: RowEncoder | null, limit: number, isCancelled: () => boolean): Promise<PumpResult> {
    if (this.skip > 0) {
      const skipped = await this.fromCursor(out, null, this.skip, isCancelled);
      this.skip = 0;
      if (skipped.exhausted) return this.done();
    }
    const want = this.step.take === FETCH_ALL ? 0 : this.step.take - this.read;
    const n = limit === 0 ? want : want === 0 ? limit : Math.min(limit, want);
    const r = await this.fromCursor(out, this.move ? null : encoder, n, isCancelled);
    this.read += r.rows;
    if (r.exhausted || (this.step.take !== FETCH_ALL && this.read >= this.step.take)) return this.done();
    return { done: false };
  }

  private done(): PumpResult {
    const verb = this.move ? 'MOVE' : 'FETCH';
    return { done: true, tag: tagWithCount(verb, this.read), rows: this.read };
  }

  /** Up to `n` rows (0: all) of the cursor, written with `encoder` (null: counted only). */
  private async fromCursor(out: ProtocolOutput, encoder: RowEncoder | null, n: number, isCancelled: () => boolean): Promise<{ rows: number; exhausted: boolean }> {
    const source = this.portal.source;
    if (!source) return { rows: 0, exhausted: true };
    const r = await source.pump(out, encoder, n, isCancelled);
    const rows = r.done ? (r.rows ?? 0) : n;
    this.portal.cursor.position += rows;
    if (r.done) {
      source.close();
      // Read to the end: later FETCHes answer no rows (still described), as in Postgres.
      this.portal.source = source.columns ? new ValuesSource(source.columns, []) : new TagSource('SELECT 0');
    }
    return { rows, exhausted: r.done };
  }

  close(): void {}
}
