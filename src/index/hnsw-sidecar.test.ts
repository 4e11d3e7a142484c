import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INDEX_FILE,
  MANIFEST_FILE,
  SidecarError,
  VectorIndexError,
  asAsync,
  buildHnswIndex,
  clusteredVectors,
  openHnswIndex,
  type BuildHnswOptions,
  type ClusteredSpec,
  type SidecarErrorReason,
  type VectorEntry,
} from './index.js';
import { newUsearchIndex } from './usearch-binding.js';

const D = 32;
const params: BuildHnswOptions = { dimensions: D, metric: 'cosine', m: 16, ef_construction: 64, ef_search: 64 };
const spec = { count: 3000, dimensions: D, clusters: 10, spread: 0.3, seed: 11 };
const queries = [...clusteredVectors({ ...spec, count: 20, seed: 12 })].map((e) => e.vector);

let root: string;
let good: string;
let serial = 0;
const fresh = () => join(root, `dir-${serial++}`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jammi-sidecar-'));
  good = join(root, 'good');
  await buildHnswIndex(good, asAsync(clusteredVectors(spec)), params);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function copyOfGood(): Promise<string> {
  const dir = fresh();
  await buildHnswIndex(dir, [], params); // makes the directory
  for (const f of [INDEX_FILE, MANIFEST_FILE]) await copyFile(join(good, f), join(dir, f));
  return dir;
}

async function expectSidecarError(dir: string, reason: SidecarErrorReason): Promise<void> {
  const err = await openHnswIndex(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SidecarError);
  expect((err as SidecarError).reason).toBe(reason);
}

/** Runs buildHnswIndex in a child process (tsx); it prints "progress <n>" after each batch. */
function spawnBuild(dir: string, data: ClusteredSpec, opts: BuildHnswOptions) {
  const door = join(fileURLToPath(new URL('.', import.meta.url)), 'index.ts');
  const code = `
    const { buildHnswIndex, clusteredVectors } = await import(${JSON.stringify(door)});
    const [dir, data, opts] = JSON.parse(process.argv[1]);
    await buildHnswIndex(dir, clusteredVectors(data), { ...opts, onProgress: (n) => console.log('progress ' + n) });
    console.log('done');`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, JSON.stringify([dir, data, opts])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function* failingAfter(n: number, entries: Iterable<VectorEntry>): AsyncGenerator<VectorEntry> {
  let i = 0;
  for (const e of entries) {
    if (i++ === n) throw new Error('source failed mid-build');
    yield e;
  }
}

describe('HNSW sidecar', () => {
  it('round trip: build, open, same answers; only the committed files remain', async () => {
    const manifest = JSON.parse(await readFile(join(good, MANIFEST_FILE), 'utf8'));
    expect(manifest).toMatchObject({ format_version: 1, dimensions: D, metric: 'cosine', row_count: 3000, m: 16, ef_construction: 64 });
    expect(manifest.checksums[INDEX_FILE]).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(manifest.created_at)).not.toBeNaN();
    expect((await readdir(good)).sort()).toEqual([INDEX_FILE, MANIFEST_FILE]);

    const a = await openHnswIndex(good);
    const b = await openHnswIndex(await copyOfGood());
    expect(a.size).toBe(3000);
    for (const q of queries) expect(b.search(q, 10)).toEqual(a.search(q, 10));
    // The file is what usearch saved: a plain load of it answers the same.
    const loaded = newUsearchIndex(params);
    loaded.load(join(good, INDEX_FILE));
    const r = loaded.search(queries[0], 10, 1);
    expect(new Set(r.keys)).toEqual(new Set(a.search(queries[0], 10).map((h) => h.key)));
    a.close();
    b.close();
  });

  it('missing manifest → SidecarError missing_manifest', async () => {
    const dir = await copyOfGood();
    await unlink(join(dir, MANIFEST_FILE));
    await expectSidecarError(dir, 'missing_manifest');
    await expectSidecarError(join(root, 'never-built'), 'missing_manifest');
  });

  it('corrupt or future manifest → corrupt_manifest / unsupported_version', async () => {
    const dir = await copyOfGood();
    await writeFile(join(dir, MANIFEST_FILE), '{"format_version": 1, "dimen');
    await expectSidecarError(dir, 'corrupt_manifest');
    const m = JSON.parse(await readFile(join(good, MANIFEST_FILE), 'utf8'));
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...m, format_version: 99 }));
    await expectSidecarError(dir, 'unsupported_version');
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...m, checksums: {} }));
    await expectSidecarError(dir, 'corrupt_manifest');
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...m, checksums: { ...m.checksums, '../x': m.checksums[INDEX_FILE] } }));
    await expectSidecarError(dir, 'corrupt_manifest');
  });

  it('a flipped byte in the index file → checksum_mismatch (never handed to usearch)', async () => {
    const dir = await copyOfGood();
    const buf = readFileSync(join(dir, INDEX_FILE));
    buf[buf.length - 100] ^= 0xff;
    await writeFile(join(dir, INDEX_FILE), buf);
    await expectSidecarError(dir, 'checksum_mismatch');
  });

  it('a truncated index file → checksum_mismatch (usearch would crash the process on it)', async () => {
    const dir = await copyOfGood();
    await truncate(join(dir, INDEX_FILE), 1000);
    await expectSidecarError(dir, 'checksum_mismatch');
  });

  it('a missing index file → missing_file', async () => {
    const dir = await copyOfGood();
    await unlink(join(dir, INDEX_FILE));
    await expectSidecarError(dir, 'missing_file');
  });

  it('a manifest that disagrees with a valid index file → corrupt_index', async () => {
    const dir = await copyOfGood();
    const m = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...m, row_count: 2999 }));
    await expectSidecarError(dir, 'corrupt_index');
  });

  it('a build that fails mid-way over a good sidecar leaves nothing openable and no temp files', async () => {
    const dir = await copyOfGood();
    await expect(buildHnswIndex(dir, failingAfter(1500, clusteredVectors(spec)), { ...params, batch_size: 256 })).rejects.toThrow(
      'source failed mid-build',
    );
    await expectSidecarError(dir, 'missing_manifest');
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);

    const ac = new AbortController();
    ac.abort();
    await expect(buildHnswIndex(dir, asAsync(clusteredVectors(spec)), { ...params, signal: ac.signal })).rejects.toThrow();
    await expectSidecarError(dir, 'missing_manifest');
  });

  it('duplicate keys across batches fail the build with duplicate_key and no manifest', async () => {
    const dir = fresh();
    const v = (x: number) => Float32Array.from({ length: D }, (_, i) => (i === 0 ? x : 0.5));
    const rows = [{ key: 1n, vector: v(1) }, { key: 2n, vector: v(2) }, { key: 1n, vector: v(3) }];
    const err = await buildHnswIndex(dir, rows, { ...params, batch_size: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VectorIndexError);
    expect((err as VectorIndexError).code).toBe('duplicate_key');
    const err2 = await buildHnswIndex(dir, rows, { ...params, batch_size: 8 }).catch((e: unknown) => e);
    expect((err2 as VectorIndexError).code).toBe('duplicate_key');
    await expectSidecarError(dir, 'missing_manifest');
  });

  it('a crash after the index file landed (temp files left, no manifest) is never opened', async () => {
    const dir = await copyOfGood();
    await unlink(join(dir, MANIFEST_FILE));
    await writeFile(join(dir, `${MANIFEST_FILE}.tmp-1-abcd`), '{"format_version": 1');
    await copyFile(join(dir, INDEX_FILE), join(dir, `${INDEX_FILE}.tmp-1-abcd`));
    await expectSidecarError(dir, 'missing_manifest');
  });

  it('kill -9 during a build leaves a directory that is refused', async () => {
    const dir = await copyOfGood();
    const child = spawnBuild(dir, { count: 1e9, dimensions: D, clusters: 10, spread: 0.3, seed: 1 }, { ...params, batch_size: 256 });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        if (b.toString().includes('progress')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await expectSidecarError(dir, 'missing_manifest');
  });
});

/**
 * openHnswIndex must memory-map the index (usearch `view`), not copy it into the process.
 * File-backed pages of a mapping count in RssFile, copies in RssAnon (/proc/self/status), so
 * RssAnon must grow by far less than the file after opening and searching, while a `load`
 * of the same file grows it by about the file size (which shows the measurement can see it).
 */
describe.skipIf(!existsSync('/proc/self/status'))('HNSW sidecar memory mapping', () => {
  const rssAnon = () => {
    const line = readFileSync('/proc/self/status', 'utf8').match(/^RssAnon:\s+(\d+) kB/m);
    return Number(line?.[1]) * 1024;
  };

  it('opening and searching a 25 MB index grows anonymous memory by far less than its size', async () => {
    // Built in a child process, so the builder's native memory does not move this process's RssAnon.
    const big = { count: 24_000, dimensions: 256, clusters: 20, spread: 0.3, seed: 5 };
    const hnsw = { dimensions: 256, metric: 'cosine', m: 8, ef_construction: 24, ef_search: 32 } as const;
    const dir = fresh();
    const t0 = performance.now();
    const child = spawnBuild(dir, big, hnsw);
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    const { bytes } = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    const fileSize: number = bytes[INDEX_FILE];
    console.log(`hnsw build 24000x256 (m=8, ef_construction=24, child process): ${(performance.now() - t0).toFixed(0)} ms, file ${(fileSize / 2 ** 20).toFixed(1)} MiB`);
    const qs = [...clusteredVectors({ ...big, count: 50 })].map((e) => e.vector);

    const before = rssAnon();
    const ix = await openHnswIndex(dir);
    for (const q of qs) expect(ix.search(q, 10)).toHaveLength(10);
    const viewGrowth = rssAnon() - before;

    const loaded = newUsearchIndex(hnsw);
    const beforeLoad = rssAnon();
    loaded.load(join(dir, INDEX_FILE));
    const loadGrowth = rssAnon() - beforeLoad;
    console.log(`RssAnon growth: view ${(viewGrowth / 2 ** 20).toFixed(1)} MiB, load ${(loadGrowth / 2 ** 20).toFixed(1)} MiB`);
    expect(loadGrowth).toBeGreaterThan(0.8 * fileSize);
    expect(viewGrowth).toBeLessThan(0.25 * fileSize);
    ix.close();
  });
});
