import type { EngineConnection } from '../engine/index.js';
import { pgErrors } from '../errors/index.js';
import type { CopyFromPlan } from '../sql/index.js';
import { type CopyInBatch, CopyInStream } from '../types/index.js';
import { CopyLoader, type ExplainError } from './copy-load.js';

/** Input bytes per batch: big enough for a row group of typical rows and to make per-statement costs vanish, small enough to stream. */
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * One COPY FROM STDIN in progress: CopyData bytes are cut into batches of whole rows and each
 * batch is loaded while the next one arrives (at most one load in flight, so memory stays at
 * about two batches). A failure of any batch fails the COPY; the session rolls back.
 */
export class CopyIn {
  private inflight: Promise<number> | null = null;
  private rows = 0;

  private constructor(
    private readonly loader: CopyLoader,
    private readonly stream: CopyInStream,
    private readonly isCancelled: () => boolean,
  ) {}

  /** Check the table and options; errors here come before CopyInResponse. */
  static async start(conn: EngineConnection, plan: CopyFromPlan, probeConnection: () => Promise<EngineConnection>, isCancelled: () => boolean, explain: ExplainError): Promise<CopyIn> {
    const loader = await CopyLoader.open(conn, plan, probeConnection, explain);
    return new CopyIn(loader, new CopyInStream(plan.options.format, loader.format, loader.oids, BATCH_BYTES), isCancelled);
  }

  /** CopyInResponse's format codes: the overall format and one per column. */
  get formats(): { overall: 0 | 1; columns: (0 | 1)[] } {
    const f = this.loader.format.columns.length;
    const code = this.stream.isBinary ? 1 : 0;
    return { overall: code, columns: new Array<0 | 1>(f).fill(code) };
  }

  /** A CopyData message. */
  async data(chunk: Buffer): Promise<void> {
    if (this.isCancelled()) throw pgErrors.canceled();
    await this.take(() => this.stream.push(chunk));
  }

  /** CopyDone: load the rest; returns the rows copied. */
  async done(): Promise<number> {
    await this.take(() => this.stream.end());
    await this.settle();
    return this.rows;
  }

  /** Wait for the load in flight (ignoring its outcome) and release the statements. */
  async close(): Promise<void> {
    await this.inflight?.catch(() => undefined);
    this.inflight = null;
    await this.loader.close();
  }

  /**
   * Read batches and start loading them. An error reading the input is reported only after
   * the load in flight: if that load failed too, its (earlier) row is the one Postgres names.
   */
  private async take(read: () => CopyInBatch[]): Promise<void> {
    let batches: CopyInBatch[];
    try {
      batches = read();
    } catch (e) {
      await this.settle();
      throw e;
    }
    for (const b of batches) {
      // Checked while the engine still loads the previous batch.
      b.plain = this.loader.plainColumns(b);
      await this.settle();
      const load = this.loader.load(b);
      // Awaited by the next settle(); a rejection must not count as unhandled meanwhile.
      load.catch(() => undefined);
      this.inflight = load;
    }
  }

  /** Wait for the load in flight; its rows count, its error is thrown. */
  private async settle(): Promise<void> {
    const load = this.inflight;
    if (!load) return;
    this.inflight = null;
    this.rows += await load;
  }
}
