/**
 * Async locks by name. Several names are taken in sorted order, so two holders of
 * overlapping sets can never wait for each other in a cycle.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Wait for every named lock; the returned function releases them all. */
  async acquire(names: Iterable<string>): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const name of [...new Set(names)].sort()) releases.push(await this.one(name));
    return () => releases.reverse().forEach((r) => r());
  }

  /** Run `work` holding the named locks. */
  async with<T>(names: Iterable<string>, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(names);
    try {
      return await work();
    } finally {
      release();
    }
  }

  private async one(name: string): Promise<() => void> {
    const prev = this.tails.get(name) ?? Promise.resolve();
    let open!: () => void;
    const mine = new Promise<void>((r) => (open = r));
    const tail = prev.then(() => mine);
    this.tails.set(name, tail);
    await prev;
    return () => {
      open();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    };
  }
}
