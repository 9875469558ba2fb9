/** Runs tasks for the same name one after another; different names run freely. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);

    this.tails.set(name, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }
}
