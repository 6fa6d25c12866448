// Reads a JSON request body with a hard size cap, so one oversize request cannot exhaust memory.
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../../common/util/errors.js';

export class HttpError extends AppError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers (Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, { status, field });
  }
}

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes)
    throw new HttpError(
      413,
      'body.too_large',
      `request body of ${declared} bytes exceeds the limit of ${maxBytes}`,
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.destroy();
      throw new HttpError(
        413,
        'body.too_large',
        `request body exceeds the limit of ${maxBytes} bytes`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json'))
    throw new HttpError(415, 'body.type', `content-type must be application/json, got "${type}"`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new HttpError(
      400,
      'body.json',
      `request body is not valid JSON: ${(err as Error).message}`,
    );
  }
}
