// A readers-writer lock for async work: any number of shared holders, or one exclusive holder.
// Writers are not starved: once an exclusive request waits, new shared requests queue behind it.
export class SharedExclusiveLock {
  private sharedCount = 0;
  private exclusiveHeld = false;
  private readonly queue: Array<{ exclusive: boolean; start: () => void }> = [];

  shared<T>(fn: () => Promise<T>): Promise<T> {
    return this.acquire(false, fn);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.acquire(true, fn);
  }

  private acquire<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        if (exclusive) this.exclusiveHeld = true;
        else this.sharedCount++;
        fn()
          .then(resolve, reject)
          .finally(() => {
            if (exclusive) this.exclusiveHeld = false;
            else this.sharedCount--;
            this.drain();
          });
      };
      this.queue.push({ exclusive, start });
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.exclusiveHeld) {
      const next = this.queue[0]!;
      if (next.exclusive && this.sharedCount > 0) return;
      this.queue.shift();
      next.start();
      if (next.exclusive) return;
    }
  }
}
