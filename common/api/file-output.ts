// A file operation's output as an HTTP caller (a browser, the desktop relaying a remote daemon)
// puts it together (FileTransfer): a download's summary fields come from the response headers,
// and the outputs of several uploaded files, one call each, concatenate.
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
  const op = contract[name] as Operation;
  const summary: Record<string, number> = {};
  const fields = op.file?.direction === 'download' ? (op.file.summary ?? {}) : {};
  for (const [field, header] of Object.entries(fields))
    summary[field] = Number(headers.get(header) ?? 0);
  return op.output.parse({ ...summary, ...saved }) as OperationOutput<N>;
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
