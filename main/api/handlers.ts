// One handler per operation of the contract; the Record type makes a missing one a type error.
import type { OperationInput, OperationName, OperationOutput } from '../../common/api/contract.js';
import type { HandlerContext } from './context.js';
import { recentHandshakes } from '../domain/handshakes/operations.js';

export type Handler<N extends OperationName> = (
  input: OperationInput<N> & object,
  ctx: HandlerContext,
) => Promise<OperationOutput<N>>;
export type Handlers = { [N in OperationName]: Handler<N> };

export const handlers: Handlers = {
  'handshakes.recent': (input, ctx) => recentHandshakes(ctx.ch, input.limit ?? 100),
  'health.status': async (_input, ctx) => ({
    version: ctx.version,
    startedAt: ctx.startedAt.toISOString(),
    parts: ctx.health(),
  }),
};
