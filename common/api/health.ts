import { z } from 'zod';
import { operation } from './operation.js';

export const PartHealth = z.object({
  name: z.string(),
  state: z.enum(['starting', 'ok', 'degraded', 'down']),
  detail: z.string().optional(),
});

export const healthStatus = operation({
  summary: 'Health of each part of the running program',
  input: z.object({}).strict(),
  output: z.object({
    version: z.string(),
    startedAt: z.string(),
    parts: z.array(PartHealth),
  }),
});
