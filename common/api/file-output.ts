// A file operation's output as an HTTP caller (a browser, the desktop relaying a remote daemon,
// `ja4ws pcap`) puts it together (FileTransfer): a download's summary fields travel as response
// headers ahead of the file, and the outputs of several uploaded files, one call each, concatenate.
import type { z } from 'zod';
import { contract, type DownloadName, type OperationOutput, type UploadName } from './contract.js';
import type { FileSaved, Operation } from './operation.js';

interface HeadersLike {
  get(name: string): string | null;
}

export function downloadOutput<N extends DownloadName>(
  name: N,
  headers: HeadersLike,
  saved: FileSaved,
): OperationOutput<N> {
  const op = contract[name] as Operation<z.ZodType, z.ZodObject>;
  const summary: Record<string, unknown> = {};
  const fields = op.file?.direction === 'download' ? (op.file.summary ?? {}) : {};
  for (const [field, header] of Object.entries(fields)) {
    const text = headers.get(header);
    if (text !== null) summary[field] = fromHeader(op.output.shape[field], text);
  }
  return op.output.parse({ ...summary, ...saved }) as OperationOutput<N>;
}

/**
 * A summary value as a header: numbers and booleans as they read; text as it is, with `%`,
 * spaces (a header loses them at its ends) and anything beyond printable ASCII percent-encoded;
 * lists and records as percent-encoded JSON.
 */
export function toHeader(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.replace(/[^\x21-\x7e]|%/gu, encodeURIComponent);
  return encodeURIComponent(JSON.stringify(value));
}

/** toHeader's inverse, by the type the output's schema gives the field. */
function fromHeader(schema: z.ZodType | undefined, text: string): unknown {
  const type = (schema?.def as { type?: string } | undefined)?.type;
  if (type === 'number') return Number(text);
  if (type === 'boolean') return text === 'true';
  if (type === 'array' || type === 'object' || type === 'record')
    return JSON.parse(decodeURIComponent(text)) as unknown;
  return decodeURIComponent(text);
}

/** The file name the response suggests (Content-Disposition), or the fallback. */
export function attachmentName(headers: HeadersLike, fallback: string): string {
  return /filename="([^"]+)"/.exec(headers.get('content-disposition') ?? '')?.[1] ?? fallback;
}

/** The outputs of one upload call per file as one output: each list concatenated. */
export function uploadOutput<N extends UploadName>(
  name: N,
  outputs: readonly OperationOutput<N>[],
): OperationOutput<N> {
  const op = contract[name] as Operation<z.ZodType, z.ZodObject>;
  const merged: Record<string, unknown[]> = {};
  for (const key of Object.keys(op.output.shape)) merged[key] = [];
  for (const out of outputs)
    for (const [key, list] of Object.entries(out as Record<string, unknown[]>))
      merged[key]!.push(...list);
  return op.output.parse(merged) as OperationOutput<N>;
}
