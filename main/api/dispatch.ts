// The one path every call takes, whatever carried it (IPC or HTTP): find the operation, validate
// its input against the contract, run the handler, validate its output. A file operation's bytes
// go through the binding's FileChannel (main/core/file-transfer.ts).
import type { z } from 'zod';
import { contract, isOperationName } from '../../common/api/contract.js';
import type { HandlerContext } from './context.js';
import { ApiError } from '../../common/api/api-error.js';
import { inputError } from '../core/input-error.js';
import type { FileChannel } from '../core/file-transfer.js';
import { noFiles } from './files/no-files.js';
import { handlers } from './handlers.js';

export async function dispatch(
  name: string,
  rawInput: unknown,
  ctx: HandlerContext,
  files: FileChannel = noFiles(name),
): Promise<unknown> {
  if (!isOperationName(name))
    throw new ApiError('not_found', 'operation.unknown', `unknown operation "${name}"`);
  const op = contract[name];
  const parsed = op.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw inputError(name, parsed.error.issues, rawInput ?? {}, '', op.input);
  const handler = handlers[name] as (
    input: unknown,
    ctx: HandlerContext,
    files: FileChannel,
  ) => Promise<unknown>;
  const output = await handler(parsed.data, ctx, files);
  // A handler returning the wrong shape is our bug; catching it here keeps it out of the UI.
  return (op.output as z.ZodType).parse(output);
}
