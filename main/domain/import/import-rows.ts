// Where an import's events go: the tables' Writers (storage/writer/table-writers.ts), the same
// ones the live pipeline fills in the daemon, so that an import gets their dedup tokens, retries
// and disk spool instead of batching inserts of its own. Events wait here only for the rest of
// the chunk being read; send() hands them over and waits while the writers are full, so a slow
// store slows the reading instead of growing memory.
import {
  openTableWriters,
  closeTableWriters,
  type EventTable,
  type TableWriters,
} from '../../storage/writer/table-writers.js';
import type { Writer } from '../../storage/writer/writer.js';
import type { Store } from '../../storage/store.js';

type InputOf<T extends EventTable> = TableWriters[T] extends Writer<infer I, object> ? I : never;

export class ImportRows {
  private readonly pending = new Map<EventTable, unknown[]>();
  private readonly used = new Set<EventTable>();
  /** The writers failed (closed while stopping): what stopped the import, not the file. */
  failure: unknown;

  private constructor(
    private readonly writers: TableWriters,
    private readonly own: boolean,
  ) {}

  /**
   * The given writers (the daemon's), or writers of the import's own on this store (a test, a
   * seed), without a spool, closed by done().
   */
  static open(store: Store, writers: TableWriters | undefined): ImportRows {
    return writers
      ? new ImportRows(writers, false)
      : new ImportRows(
          openTableWriters(store, () => ({})),
          true,
        );
  }

  add<T extends EventTable>(table: T, input: InputOf<T>): void {
    let list = this.pending.get(table);
    if (!list) this.pending.set(table, (list = []));
    list.push(input);
  }

  /** Hands the pending events to the writers; resolves once they took them (backpressure). */
  async send(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    for (const [table, list] of this.pending) {
      if (list.length === 0) continue;
      this.pending.set(table, []);
      this.used.add(table);
      try {
        await (this.writers[table] as Writer<unknown, object>).write(list);
      } catch (err) {
        this.failure = err;
        throw err;
      }
    }
  }

  /** Everything added is durable: in the store, or in the writers' spool until it is back. */
  async done(): Promise<void> {
    try {
      await this.send();
      await Promise.all([...this.used].map((t) => this.writers[t].barrier()));
    } finally {
      if (this.own) await closeTableWriters(this.writers);
    }
  }
}
