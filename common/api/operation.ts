// An Operation is one request/response pair of the API, defined once with zod. Main binds every
// operation to Electron IPC and to HTTP from the same handler; the renderer calls it through an
// ApiClient and never knows which transport carries it.
import type { z } from 'zod';

export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
}

export function operation<I extends z.ZodType, O extends z.ZodType>(
  def: Operation<I, O>,
): Operation<I, O> {
  return def;
}
