import { z } from 'zod';
import { interfaceNameProblem, socketPathProblem } from './names.js';
import { operation } from './operation.js';

/** A network interface name (see names.ts), e.g. eth0, or `any`. */
export const InterfaceName = z.string().superRefine((s, ctx) => {
  const problem = interfaceNameProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An absolute, normalised UNIX socket path (see names.ts), or '' for the default path. */
export const SocketPathOrDefault = z.string().superRefine((s, ctx) => {
  const problem = s === '' ? undefined : socketPathProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

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
    captureInterfaces: z.array(InterfaceName).max(64),
    /** '' = the default path. Also checked against the data directory when saved. */
    httpSocket: SocketPathOrDefault,
    networkSocket: SocketPathOrDefault,
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
  write: true,
  summary:
    'Change settings; they are validated with the whole configuration and kept in the settings file',
  input: z.object({ settings: EditableSettings.partial() }).strict(),
  output: z.object({ editable: EditableSettings, restartRequired: z.boolean() }),
});
