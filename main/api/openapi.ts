// The OpenAPI document, generated from the contract so it can never drift from the code.
import { z } from 'zod';
import { contract, operationNames, operationPath } from '../../common/api/contract.js';
import { ApiErrorBody } from '../../common/api/errors.js';
import { uploadNameHeader, type Operation } from '../../common/api/operation.js';

const binary = { type: 'string', format: 'binary' };

/** What travels over HTTP: JSON each way, or a file one way (FileTransfer). */
function bodies(op: Operation): { request: unknown; response: unknown; parameters?: unknown[] } {
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  const input = z.toJSONSchema(op.input, { io: 'input' });
  const output = z.toJSONSchema(op.output, { io: 'output' });
  if (op.file?.direction === 'download')
    return {
      request: { required: true, content: json(input) },
      response: {
        description: 'The file, streamed as an attachment',
        content: Object.fromEntries(op.file.contentTypes.map((t) => [t, { schema: binary }])),
      },
    };
  if (op.file?.direction === 'upload')
    return {
      request: { required: true, content: { 'application/octet-stream': { schema: binary } } },
      response: { description: 'OK', content: json(output) },
      parameters: [
        {
          name: uploadNameHeader,
          in: 'header',
          required: false,
          description: "The file's name, URI-encoded",
          schema: { type: 'string' },
        },
      ],
    };
  return {
    request: { required: false, content: json(input) },
    response: { description: 'OK', content: json(output) },
  };
}

export function openApiDocument(version: string): Record<string, unknown> {
  const error = { content: { 'application/json': { schema: z.toJSONSchema(ApiErrorBody) } } };
  const paths: Record<string, unknown> = {};
  for (const name of operationNames) {
    const op = contract[name] as Operation;
    const b = bodies(op);
    paths[operationPath(name)] = {
      post: {
        operationId: name,
        summary: op.summary,
        security: [{ bearer: [] }],
        ...(b.parameters ? { parameters: b.parameters } : {}),
        requestBody: b.request,
        responses: {
          '200': b.response,
          '400': { description: 'Invalid input; `field` names it', ...error },
          '401': { description: 'Missing or wrong bearer token', ...error },
          '413': { description: 'Request body too large', ...error },
          '429': { description: 'Too many failed authentications', ...error },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'ja4-workstation API', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
