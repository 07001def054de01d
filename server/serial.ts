// Run async tasks one after another per key (e.g. per job id): a task for a key starts when the
// previous one for the same key has settled; other keys run freely. Memory holds only keys with
// work queued.
export function serialPerKey() {
  const tails = new Map<string, Promise<unknown>>();
  return function serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = tails.get(key) ?? Promise.resolve();
    const run = prev.catch(() => {}).then(task);
    tails.set(key, run);
    void run.catch(() => {}).finally(() => {
      if (tails.get(key) === run) tails.delete(key);
    });
    return run;
  };
}
