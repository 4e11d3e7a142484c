import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RawVectors, teeRawVectors } from './raw-vectors.js';
import { asAsync } from './synthetic.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-raw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = Array.from({ length: 2500 }, (_, i) => ({ key: BigInt(i), vector: Float32Array.from([i, -i, i / 2]) }));

describe('raw vectors', () => {
  it('writes what passes through and reads rows back by position, runs at once', async () => {
    const file = path.join(dir, 'v.f32');
    const seen: bigint[] = [];
    for await (const e of teeRawVectors(asAsync(rows), file, 3)) seen.push(e.key);
    expect(seen).toHaveLength(rows.length);
    expect(statSync(file).size).toBe(2500 * 3 * 4);
    const raw = (await RawVectors.open(file, 3, 2500))!;
    const block = await raw.read([0, 1, 2, 7, 2048, 2049, 2499]);
    expect(Array.from(block)).toEqual([0, 1, 2, 7, 2048, 2049, 2499].flatMap((i) => [i, -i, i / 2]));
    await raw.close();
  });

  it('refuses keys out of row order, and a file of the wrong size opens as null', async () => {
    const file = path.join(dir, 'bad.f32');
    await expect(async () => {
      for await (const _ of teeRawVectors(asAsync([rows[1], rows[0]]), file, 3)) void _;
    }).rejects.toThrow('row 1 came where row 0 was expected');
    writeFileSync(file, Buffer.alloc(10));
    expect(await RawVectors.open(file, 3, 1)).toBeNull();
    expect(await RawVectors.open(path.join(dir, 'missing.f32'), 3, 1)).toBeNull();
  });
});
