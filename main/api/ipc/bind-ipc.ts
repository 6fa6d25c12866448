// The IPC binding: one invoke channel, every call through the same dispatch as HTTP. Calls from
// any frame other than the app's own UI are refused, as the Electron security checklist asks.
import { type IpcEnvelope, ipcChannel } from '../../../common/api/ipc.js';
import { AppError } from '../../../common/util/errors.js';
import type { Logger } from '../../core/log.js';
import type { HandlerContext } from '../context.js';
import { dispatch } from '../dispatch.js';
import { HttpError } from '../http/body.js';

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
): () => void {
  ipc.handle(ipcChannel, async (event, name, input): Promise<IpcEnvelope> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(url)) {
      log.warn({ url }, 'IPC call from an untrusted frame refused');
      return failure(
        new HttpError(
          403,
          'ipc.untrusted_sender',
          `IPC calls are accepted from the application UI only (got ${url || 'no frame'})`,
        ),
      );
    }
    if (typeof name !== 'string')
      return failure(new HttpError(400, 'ipc.bad_call', 'operation name must be a string'));
    try {
      return { ok: true, value: await dispatch(name, input, ctx) };
    } catch (err) {
      if (!(err instanceof HttpError)) log.error({ err, operation: name }, 'IPC call failed');
      return failure(err);
    }
  });
  return () => ipc.removeHandler(ipcChannel);
}

function failure(err: unknown): IpcEnvelope {
  const status = err instanceof HttpError ? err.status : 500;
  return {
    ok: false,
    status,
    error: {
      code: err instanceof AppError ? err.code : 'internal',
      message: err instanceof AppError ? err.message : 'internal error (see the application log)',
      ...(err instanceof HttpError && err.field ? { field: err.field } : {}),
    },
  };
}
