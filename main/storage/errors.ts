// Storage errors: one AppError subclass so callers can `instanceof` the whole family and key
// counters on `code`. Codes used here:
//   store.locked           another process owns the embedded data directory
//   store.config           the store configuration is invalid
//   store.nested           the embedded data directory is inside another store, or holds one
//   store.unreachable      the database did not answer
//   migrate.changed        an applied migration file was edited after it was applied
//   migrate.missing        an applied migration file is gone
//   migrate.invalid        a migration file cannot be parsed or rendered
//   migrate.no_down        a down migration was requested for a file without a down section
//   migrate.drift          the live schema differs from what the migrations produce
//   spool.full             the writer's disk spool reached its size cap
//   spool.corrupt          a spool segment failed its checksum and was quarantined
import { AppError } from '../../common/util/errors.js';

export class StoreError extends AppError {}
