// The OpenAPI document, generated from the contract so it can never drift from the code.
import { z } from 'zod';
import { apiPrefix, contract, operationNames } from '../../common/api/contract.js';
import { ApiErrorBody } from '../../common/api/errors.js';

export function openApiDocument(version: string): Record<string, unknown> {
  const error = { content: { 'application/json': { schema: z.toJSONSchema(ApiErrorBody) } } };
  const paths: Record<string, unknown> = {};
  for (const name of operationNames) {
    const op = contract[name];
    paths[`${apiPrefix}/${name}`] = {
      post: {
        operationId: name,
        summary: op.summary,
        security: [{ bearer: [] }],
        requestBody: {
          required: false,
          content: { 'application/json': { schema: z.toJSONSchema(op.input, { io: 'input' }) } },
        },
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': { schema: z.toJSONSchema(op.output, { io: 'output' }) },
            },
          },
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
