import { z } from 'zod';
import { operation } from './operation.js';

/** The most response text the console reads back for one query; a longer result is cut there. */
export const SQL_CONSOLE_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export const SqlColumn = z.object({ name: z.string(), type: z.string() });

export const sqlQuery = operation({
  summary:
    "Run one read-only SQL statement, checked on ClickHouse's own parse tree (readonly, time, row and byte limits)",
  input: z
    .object({
      sql: z
        .string()
        .trim()
        .min(1, 'type a query')
        .max(20_000, 'the query is longer than 20,000 characters'),
      maxRows: z.number().int().min(1).max(10_000).default(1000),
    })
    .strict(),
  output: z.object({
    columns: z.array(SqlColumn),
    rows: z.array(z.array(z.unknown())),
    /** True when rows are missing from the result: see truncatedBy. */
    truncated: z.boolean(),
    /** rows: there were more than maxRows; bytes: the result passed the console's byte cap. */
    truncatedBy: z.enum(['rows', 'bytes']).optional(),
    elapsedMs: z.number(),
  }),
});

export const sqlSchema = operation({
  summary: 'Tables and columns of the store, for the SQL console schema browser',
  input: z.object({}).strict(),
  output: z.object({
    tables: z.array(
      z.object({ name: z.string(), engine: z.string(), columns: z.array(SqlColumn) }),
    ),
  }),
});
