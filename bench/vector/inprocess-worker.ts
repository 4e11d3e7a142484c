// One caller of the in-process multi-caller arm, run as a child process (usearch's native
// addon does not load in a worker thread: the import never returns). It views the sidecar
// itself, as the mapping is shared through the page cache, and searches in a loop.
import { openHnswIndex } from '../../src/index/index.js';
import { FILTERS, row } from './data.js';
import { timedLoopSync } from './measure.js';

export interface WorkerInput {
  dir: string;
  queries: Float32Array;
  dimensions: number;
  filter: string;
  seconds: number;
  k: number;
}

const send = (m: unknown) => process.send!(m);
process.once('message', (input: WorkerInput) => {
  void (async () => {
    const index = await openHnswIndex(input.dir);
    const f = FILTERS.find((x) => x.name === input.filter)!;
    const count = input.queries.length / input.dimensions;
    const opts = f.allow ? { allow: f.allow, selectivity: f.fraction } : undefined;
    // Start together: the parent times from its "go" to the last result.
    send({ ready: true });
    process.once('message', () => {
      const r = timedLoopSync(input.seconds, count, (i) => index.search(row(input.queries, input.dimensions, i), input.k, opts));
      index.close();
      send({ queries: r.queries });
      process.disconnect();
    });
  })();
});
