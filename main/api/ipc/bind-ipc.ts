// The IPC binding: one invoke channel, every call through the same dispatch as HTTP. Calls from
// any frame other than the app's own UI are refused, as the Electron security checklist asks.
// File operations (export, pcap, upload) go through the dialogs main was given.
import { type IpcEnvelope, ipcChannel } from '../../../common/api/ipc.js';
import type { Logger } from '../../core/log.js';
import type { HandlerContext } from '../context.js';
import { dispatch } from '../dispatch.js';
import { ApiError } from '../../../common/api/api-error.js';
import { errorBody, statusOf } from '../http/error-status.js';
import { dialogFiles, type FileDialogs } from './dialog-files.js';

/** The part of Electron's ipcMain this binding uses, so it is testable without Electron. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface IpcEventLike {
  senderFrame: { url: string } | null;
}

export function bindIpc(
  ipc: IpcMainLike,
  ctx: HandlerContext,
  isTrustedUrl: (url: string) => boolean,
  log: Logger,
  /** The desktop's save and open dialogs; without them file operations are refused. */
  dialogs?: FileDialogs,
): () => void {
  const files = dialogs ? dialogFiles(dialogs) : undefined;
  ipc.handle(ipcChannel, async (event, name, input): Promise<IpcEnvelope> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(url)) {
      log.warn({ url }, 'IPC call from an untrusted frame refused');
      return failure(
        new ApiError(
          'forbidden',
          'ipc.untrusted_sender',
          `IPC calls are accepted from the application UI only (got ${url || 'no frame'})`,
        ),
      );
    }
    if (typeof name !== 'string')
      return failure(new ApiError('invalid', 'ipc.bad_call', 'operation name must be a string'));
    try {
      return { ok: true, value: await dispatch(name, input, ctx, files) };
    } catch (err) {
      if (statusOf(err) >= 500) log.error({ err, operation: name }, 'IPC call failed');
      return failure(err);
    }
  });
  return () => ipc.removeHandler(ipcChannel);
}

/** The same status and body as the HTTP binding (kind, code, message, field pass through). */
function failure(err: unknown): IpcEnvelope {
  return {
    ok: false,
    status: statusOf(err),
    ...errorBody(err, 'internal error (see the application log)'),
  };
}
