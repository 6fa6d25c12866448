// Remote mode of the desktop: the renderer still talks IPC only (its CSP allows no other origin),
// and main forwards each call to a daemon over HTTPS with the token, so the renderer never holds it.
// File operations go through main's dialogs, main relaying the bytes (remote-files.ts).
import { ipcChannel, type IpcEnvelope } from '../../../common/api/ipc.js';
import { ApiError } from '../../../common/api/api-error.js';
import { contract, isOperationName } from '../../../common/api/contract.js';
import { ApiCallError, type HttpApiClient } from '../../../common/api/http-client.js';
import { errorBody, statusOf } from '../http/error-status.js';
import type { IpcMainLike } from './bind-ipc.js';
import type { FileDialogs } from './dialog-files.js';
import { relayFile } from './remote-files.js';

export function bindIpcRemote(
  ipc: IpcMainLike,
  remote: HttpApiClient,
  isTrustedUrl: (url: string) => boolean,
  /** The desktop's save and open dialogs: main relays file operations' bytes (remote-files.ts). */
  dialogs?: FileDialogs,
): () => void {
  ipc.handle(ipcChannel, async (event, name, input): Promise<IpcEnvelope> => {
    if (!isTrustedUrl(event.senderFrame?.url ?? '')) {
      return {
        ok: false,
        status: 403,
        error: {
          code: 'ipc.untrusted_sender',
          message: 'IPC calls are accepted from the application UI only',
        },
      };
    }
    if (typeof name !== 'string' || !isOperationName(name)) {
      return {
        ok: false,
        status: 404,
        error: {
          code: 'operation.unknown',
          message: `unknown operation "${String(name)}"`,
          kind: 'not_found',
        },
      };
    }
    if (contract[name].file && dialogs === undefined)
      return failure(
        new ApiError('conflict', 'file.no_channel', `${name} moves a file: main has no dialogs`),
      );
    try {
      if (contract[name].file && dialogs)
        return { ok: true, value: await relayFile(remote, name, input, dialogs) };
      return { ok: true, value: await remote.call(name, input as never) };
    } catch (err) {
      // Refused here (a chosen path that is not a file), before reaching the daemon.
      if (err instanceof ApiError) return failure(err);
      if (err instanceof ApiCallError) {
        return {
          ok: false,
          status: err.status,
          error: {
            code: err.code,
            message: err.message,
            ...(err.field ? { field: err.field } : {}),
            ...(err.kind ? { kind: err.kind } : {}),
          },
        };
      }
      return {
        ok: false,
        status: 502,
        error: {
          code: 'remote.unreachable',
          message: `the daemon did not answer: ${(err as Error).message}`,
        },
      };
    }
  });
  return () => ipc.removeHandler(ipcChannel);
}

function failure(err: ApiError): IpcEnvelope {
  return { ok: false, status: statusOf(err), ...errorBody(err, 'internal error') };
}
