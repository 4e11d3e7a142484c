import { type FileHandle, open, stat } from 'node:fs/promises';
import { VectorIndexError } from './errors.js';
import type { VectorEntry } from './vector-index.types.js';

/** The raw vectors of a result table next to its HNSW sidecar: row i's float32s at byte i × d × 4. */
export const RAW_VECTORS_FILE = 'vectors.f32';

/** Positional reads issued at once (libuv runs them on its thread pool). */
const READS_IN_FLIGHT = 32;
/** Rows buffered before one write. */
const WRITE_ROWS = 1024;

/**
 * Passes `entries` through while writing each vector to `path` at its key's row position (keys
 * must be 0, 1, 2, … in order: a result table's row positions). The file is fsynced when the
 * entries end; it is complete only if they all went through.
 */
export async function* teeRawVectors(entries: AsyncIterable<VectorEntry>, path: string, dimensions: number): AsyncGenerator<VectorEntry> {
  const fh = await open(path, 'w');
  const buf = new Float32Array(WRITE_ROWS * dimensions);
  let inBuf = 0;
  let next = 0n;
  const flush = async () => {
    if (inBuf === 0) return;
    await fh.write(new Uint8Array(buf.buffer, 0, inBuf * dimensions * 4));
    inBuf = 0;
  };
  try {
    for await (const e of entries) {
      if (e.key !== next) throw new VectorIndexError('bad_argument', `raw vectors: row ${e.key} came where row ${next} was expected`);
      buf.set(e.vector, inBuf * dimensions);
      next++;
      if (++inBuf === WRITE_ROWS) await flush();
      yield e;
    }
    await flush();
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * A result table's raw vectors, read by row position with positional reads (the OS page cache
 * keeps hot pages; nothing is loaded into the heap up front). Used for exact search over the
 * few rows a filter keeps, without decoding the Parquet vector column.
 */
export class RawVectors {
  private constructor(
    private readonly fh: FileHandle,
    readonly dimensions: number,
    readonly rows: number,
  ) {}

  /** Open `path` if it holds exactly `rows` × `dimensions` float32s; null when missing or of another size. */
  static async open(path: string, dimensions: number, rows: number): Promise<RawVectors | null> {
    const size = await stat(path).then((s) => s.size, () => -1);
    if (size !== rows * dimensions * 4) return null;
    return new RawVectors(await open(path, 'r'), dimensions, rows);
  }

  /**
   * The vectors of `positions` (ascending, each < rows) as one block, row j at j × dimensions:
   * each contiguous run is one positional read, READS_IN_FLIGHT of them at a time.
   */
  async read(positions: readonly number[]): Promise<Float32Array> {
    const d = this.dimensions;
    const block = new Float32Array(positions.length * d);
    const bytes = new Uint8Array(block.buffer);
    const runs: [number, number][] = [];
    for (let i = 0; i < positions.length; ) {
      let j = i + 1;
      while (j < positions.length && positions[j] === positions[j - 1] + 1) j++;
      runs.push([i, j]);
      i = j;
    }
    const readRun = async ([i, j]: [number, number]) => {
      const length = (j - i) * d * 4;
      const { bytesRead } = await this.fh.read(bytes, i * d * 4, length, positions[i] * d * 4);
      if (bytesRead !== length) throw new VectorIndexError('bad_argument', `raw vectors: short read at row ${positions[i]}`);
    };
    for (let r = 0; r < runs.length; r += READS_IN_FLIGHT) await Promise.all(runs.slice(r, r + READS_IN_FLIGHT).map(readRun));
    return block;
  }

  /** Close the file (later reads fail). */
  async close(): Promise<void> {
    await this.fh.close();
  }
}
