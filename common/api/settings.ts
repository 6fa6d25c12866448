import { z } from 'zod';
import { operation } from './operation.js';

/** The settings an analyst may change from the UI. Each applies from the next start of the
 * daemon or desktop, except where `live` says otherwise. */
export const EditableSettings = z
  .object({
    retention: z
      .object({
        rawDays: z.number().int().min(1).max(36500),
        aggregateDays: z.number().int().min(1).max(36500),
      })
      .strict(),
    captureInterfaces: z.array(z.string().min(1).max(64)).max(64),
    httpSocket: z.string().max(4096),
    networkSocket: z.string().max(4096),
  })
  .strict();
export type EditableSettings = z.infer<typeof EditableSettings>;

export const settingsGet = operation({
  summary: 'The effective configuration (secrets masked) and the settings the UI can change',
  input: z.object({}).strict(),
  output: z.object({
    effective: z.record(z.string(), z.unknown()),
    editable: EditableSettings,
    /** Where changed settings are kept. */
    file: z.string(),
    restartRequired: z.boolean(),
  }),
});

export const settingsSet = operation({
  summary:
    'Change settings; they are validated with the whole configuration and kept in the settings file',
  input: z.object({ settings: EditableSettings.partial() }).strict(),
  output: z.object({ editable: EditableSettings, restartRequired: z.boolean() }),
});
