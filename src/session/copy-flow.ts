import type { EngineConnection } from '../engine/index.js';
import { PgError, pgErrors, SqlStates, toPgError } from '../errors/index.js';
import type { CopyFromPlan, ParsedStatement } from '../sql/index.js';

type AstNode = ParsedStatement['ast'];
import { FrontendCode, type FrontendMessage, type HandlerOutcome, type ProtocolOutput } from '../wire/index.js';
import { CopyIn } from './copy-in.js';

/** What the copy-in flow needs of its session. */
export interface CopyHost {
  readonly conn: EngineConnection;
  /** A connection of its own for probing a failed batch (the session's transaction is aborted by then). */
  probeConnection(): Promise<EngineConnection>;
  /** Whether the session has no transaction open (the COPY then runs in one of its own). */
  idle(): boolean;
  isCancelled(): boolean;
  /** A constraint error of a COPY into `relation` in Postgres's words, or null. */
  explain(e: unknown, copy: AstNode): PgError | null;
}

/** Called when the COPY ends: with null after CommandComplete, or with the error to report. */
export type CopyEnd = (err: unknown) => Promise<void>;

const codeOf: Record<string, number> = FrontendCode;

/**
 * The copy-in sub-protocol of one session: after CopyInResponse every message goes here
 * until CopyDone, CopyFail or an error. Outside a transaction block the COPY is one
 * transaction of its own: all rows or none.
 * @see https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-COPY
 */
export class CopyInFlow {
  private current: { run: CopyIn; own: boolean; end: CopyEnd } | null = null;

  constructor(private readonly host: CopyHost) {}

  /** A COPY FROM STDIN is waiting for data. */
  get active(): boolean {
    return this.current !== null;
  }

  /** Check the table, open the COPY's own transaction if none is open, and send CopyInResponse. Errors are thrown before anything is sent. */
  async begin(plan: CopyFromPlan, statement: AstNode, out: ProtocolOutput, end: CopyEnd): Promise<void> {
    const own = this.host.idle();
    if (own) await this.host.conn.run('BEGIN TRANSACTION');
    let run: CopyIn;
    try {
      run = await CopyIn.start(this.host.conn, plan, () => this.host.probeConnection(), () => this.host.isCancelled(), (e) => this.host.explain(e, statement));
    } catch (e) {
      if (own) await this.host.conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    const { overall, columns } = run.formats;
    out.ser.copyInResponse(overall, columns);
    await out.flush();
    this.current = { run, own, end };
  }

  /** A message during copy-in. Flush and Sync are ignored there, as Postgres does; anything else but copy data is an error. */
  async message(msg: FrontendMessage, out: ProtocolOutput): Promise<HandlerOutcome> {
    const c = this.current!;
    switch (msg.type) {
      case 'CopyData':
        try {
          await c.run.data(msg.data);
        } catch (e) {
          await this.finish(e, out);
        }
        return 'continue';
      case 'CopyDone': {
        let rows = 0;
        try {
          rows = await c.run.done();
        } catch (e) {
          await this.finish(e, out);
          return 'continue';
        }
        await this.finish(null, out, rows);
        return 'continue';
      }
      case 'CopyFail':
        await this.finish(new PgError(SqlStates.query_canceled, `COPY from stdin failed: ${msg.message}`), out);
        return 'continue';
      case 'Flush':
      case 'Sync':
        return 'continue';
      case 'Terminate':
        await this.close();
        return 'close';
      default: {
        const code = codeOf[msg.type] ?? 0;
        await this.finish(pgErrors.protocol(`unexpected message type 0x${code.toString(16).toUpperCase().padStart(2, '0')} during COPY from stdin`), out);
        return 'continue';
      }
    }
  }

  /** The connection is closing: wait for the load in flight (it must not outlive the connection). */
  async close(): Promise<void> {
    const c = this.current;
    this.current = null;
    await c?.run.close();
  }

  /** End the COPY: commit or roll back its own transaction, send CommandComplete, hand over to the session. */
  private async finish(err: unknown, out: ProtocolOutput, rows = 0): Promise<void> {
    const c = this.current!;
    this.current = null;
    await c.run.close();
    let error = err;
    if (c.own) {
      try {
        await this.host.conn.run(error === null ? 'COMMIT' : 'ROLLBACK');
      } catch (e) {
        error ??= toPgError(e);
        await this.host.conn.run('ROLLBACK').catch(() => undefined);
      }
    }
    if (error === null) out.ser.commandComplete(`COPY ${rows}`);
    await c.end(error);
  }
}
