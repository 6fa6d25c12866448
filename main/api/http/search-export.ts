// `POST /api/v1/search.export?format=csv|json` with the search (no limit) as the JSON body. The HTTP
// server calls this after authenticating, like every other API route; the domain
// (main/domain/search/export.ts) parses the search and streams the rows.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExportFormat } from '../../../common/api/search.js';
import { ApiError } from '../../../common/api/api-error.js';
import {
  ExportInputError,
  parseExportInput,
  streamSearchExport,
} from '../../domain/search/export.js';
import type { HandlerContext } from '../context.js';
import { HttpError, readJsonBody } from './body.js';

export async function handleSearchExport(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HandlerContext,
  maxBodyBytes: number,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  if (req.method !== 'POST')
    throw new HttpError(405, 'method.not_allowed', `${req.method} ${url.pathname}: use POST`);
  const format = ExportFormat.safeParse(url.searchParams.get('format') ?? 'csv');
  if (!format.success)
    throw new ApiError(
      'invalid',
      'input.invalid',
      'search.export: format: expected csv or json',
      'format',
    );
  const body = await readJsonBody(req, maxBodyBytes);
  let input;
  try {
    input = parseExportInput(body);
  } catch (err) {
    if (err instanceof ExportInputError)
      throw new ApiError('invalid', 'input.invalid', err.message, err.field);
    throw err;
  }
  await streamSearchExport(ctx.ch, input, format.data, res, headers);
}
