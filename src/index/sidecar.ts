import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SidecarError } from './errors.js';
import { METRICS, type Metric } from './vector-index.types.js';

/**
 * Sidecar layout (see docs/decisions/0009-vector-indexes.md):
 *   <dir>/index.usearch   the usearch HNSW graph and vectors (memory-mapped when opened)
 *   <dir>/manifest.json   written last: the commit point of a build
 * Every file is written to a temp name, fsynced, renamed, and the directory fsynced.
 */
export const INDEX_FILE = 'index.usearch';
export const MANIFEST_FILE = 'manifest.json';
export const FORMAT_VERSION = 1;

export interface HnswManifest {
  format_version: number;
  kind: 'usearch-hnsw';
  usearch_version: string;
  dimensions: number;
  metric: Metric;
  row_count: number;
  m: number;
  ef_construction: number;
  ef_search: number;
  created_at: string;
  /** SHA-256 (hex) of every file of the sidecar but the manifest. */
  checksums: Record<string, string>;
  /** Byte size of every checksummed file: a cheap check before hashing. */
  bytes: Record<string, number>;
}

/** A temp name next to `path`, unique per process and call, never a name a reader opens. */
export function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Renames a complete, fsynced temp file into place and makes the rename durable. */
export async function commitFile(tmp: string, final: string, dir: string): Promise<void> {
  await fsyncPath(tmp);
  await rename(tmp, final);
  await fsyncPath(dir);
}

export async function writeFileAtomic(dir: string, name: string, data: string): Promise<void> {
  const final = join(dir, name);
  const tmp = tempPath(final);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, final);
  await fsyncPath(dir);
}

export async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * SHA-256 of a file, read through one reused 1 MiB buffer: memory stays flat however large
 * the file (a read stream allocates a fresh chunk per read, which piles up until GC).
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fh = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** Reads and validates manifest.json; throws SidecarError. */
export async function readManifest(dir: string): Promise<HnswManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SidecarError('missing_manifest', dir, 'no manifest.json (never built, or the build did not finish)');
    }
    throw new SidecarError('corrupt_manifest', dir, `cannot read manifest.json: ${(e as Error).message}`, { cause: e });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SidecarError('corrupt_manifest', dir, 'manifest.json is not valid JSON', { cause: e });
  }
  return validateManifest(dir, raw);
}

function validateManifest(dir: string, raw: unknown): HnswManifest {
  const bad = (what: string): never => {
    throw new SidecarError('corrupt_manifest', dir, `manifest.json: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null) bad('not an object');
  const m = raw as Record<string, unknown>;
  if (typeof m.format_version !== 'number') bad('no format_version');
  if (m.format_version !== FORMAT_VERSION) {
    throw new SidecarError('unsupported_version', dir, `format_version ${String(m.format_version)}, this build reads ${FORMAT_VERSION}`);
  }
  if (m.kind !== 'usearch-hnsw') bad(`kind ${String(m.kind)}`);
  for (const f of ['dimensions', 'row_count', 'm', 'ef_construction', 'ef_search'] as const) {
    const v = m[f];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad(`${f} is not a non-negative integer`);
  }
  if ((m.dimensions as number) < 1) bad('dimensions < 1');
  if (!METRICS.includes(m.metric as Metric)) bad(`unknown metric ${String(m.metric)}`);
  if (typeof m.created_at !== 'string' || typeof m.usearch_version !== 'string') bad('created_at or usearch_version');
  const sums = m.checksums as Record<string, unknown> | undefined;
  const bytes = m.bytes as Record<string, unknown> | undefined;
  if (typeof sums !== 'object' || sums === null || typeof sums[INDEX_FILE] !== 'string') bad(`no checksum for ${INDEX_FILE}`);
  if (typeof bytes !== 'object' || bytes === null) bad('no bytes');
  for (const [file, sum] of Object.entries(sums as Record<string, unknown>)) {
    if (file.includes('/') || file.includes('\\') || file === MANIFEST_FILE) bad(`bad file name ${file}`);
    if (typeof sum !== 'string' || !/^[0-9a-f]{64}$/.test(sum)) bad(`bad checksum for ${file}`);
    if (typeof bytes?.[file] !== 'number') bad(`no size for ${file}`);
  }
  return m as unknown as HnswManifest;
}

/** Checks every listed file's size, then its SHA-256; throws SidecarError. */
export async function verifyFiles(dir: string, manifest: HnswManifest): Promise<void> {
  for (const [file, expected] of Object.entries(manifest.checksums)) {
    const path = join(dir, file);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (e) {
      throw new SidecarError('missing_file', dir, `${file} is missing`, { cause: e });
    }
    if (size !== manifest.bytes[file]) {
      throw new SidecarError('checksum_mismatch', dir, `${file} is ${size} bytes, the manifest says ${manifest.bytes[file]}`);
    }
    const actual = await sha256File(path);
    if (actual !== expected) {
      throw new SidecarError('checksum_mismatch', dir, `${file} has SHA-256 ${actual}, the manifest says ${expected}`);
    }
  }
}
