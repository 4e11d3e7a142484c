import { describe, expect, it } from 'vitest';
import { embedOptions, ProgressBar } from './embed-command.js';

/** A stream that records what is written, as a terminal or not. */
function sink(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => void written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe('ProgressBar', () => {
  it('redraws one line on a terminal and ends it before other output', () => {
    const { stream, written } = sink(true);
    const bar = new ProgressBar(stream);
    bar.notice('embedding table docs: embedding 500 of 2000 rows (25%)');
    bar.notice('embedding table docs: embedding 1000 of 2000 rows (50%)');
    bar.notice('something else');
    expect(written).toEqual([
      `\rdocs: [########----------------------]  25% embedding 500/2000 rows\x1b[K`,
      `\rdocs: [###############---------------]  50% embedding 1000/2000 rows\x1b[K`,
      '\n',
      'NOTICE:  something else\n',
    ]);
  });

  it('prints each NOTICE on its own line when not on a terminal', () => {
    const { stream, written } = sink(false);
    new ProgressBar(stream).notice('embedding table docs: indexing 10 rows');
    expect(written).toEqual(['NOTICE:  embedding table docs: indexing 10 rows\n']);
  });
});

describe('embedOptions', () => {
  it('maps flags to the options JSON, the model only for registered vectors', () => {
    expect(embedOptions({ key: 'id', text: 't', model: 'm', name: 'x', m: '8', efSearch: '40' })).toEqual({ name: 'x', m: 8, ef_search: 40 });
    expect(embedOptions({ key: 'id', vector: 'v', model: 'm' })).toEqual({ model: 'm' });
    expect(() => embedOptions({ key: 'id', batchSize: '-1' })).toThrow('--batch-size must be a positive integer');
  });
});
