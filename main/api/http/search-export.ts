// `POST /api/v1/search.export?format=csv|json` with the search (no limit) as the JSON body. The HTTP
// server calls this after authenticating, like every other API route; the domain
// (main/domain/search/export.ts) parses the search and streams the rows.
import { ExportFormat } from '../../../common/api/search.js';
import { ApiError } from '../../../common/api/api-error.js';
import {
  ExportInputError,
  parseExportInput,
  streamSearchExport,
} from '../../domain/search/export.js';
import type { StreamRoute } from './stream-route.js';

export const handleSearchExport: StreamRoute = async ({ res, url, ctx, body, headers }) => {
  const format = ExportFormat.safeParse(url.searchParams.get('format') ?? 'csv');
  if (!format.success)
    throw new ApiError(
      'invalid',
      'input.invalid',
      'search.export: format: expected csv or json',
      'format',
    );
  let input;
  try {
    input = parseExportInput(body);
  } catch (err) {
    if (err instanceof ExportInputError)
      throw new ApiError('invalid', 'input.invalid', err.message, err.field);
    throw err;
  }
  await streamSearchExport(ctx.ch, input, format.data, res, headers);
};
