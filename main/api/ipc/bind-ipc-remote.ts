// Remote mode of the desktop: the renderer still talks IPC only (its CSP allows no other origin),
// and main forwards each call to a daemon over HTTPS with the token, so the renderer never holds it.
import { ipcChannel, type IpcEnvelope } from '../../../common/api/ipc.js';
import { contract, isOperationName, type ApiClient } from '../../../common/api/contract.js';
import { ApiCallError } from '../../../common/api/http-client.js';
import type { IpcMainLike } from './bind-ipc.js';

export function bindIpcRemote(
  ipc: IpcMainLike,
  remote: ApiClient,
  isTrustedUrl: (url: string) => boolean,
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
    if (contract[name].file) {
      // Main would have to relay the daemon's stream to a file of its own: not built.
      return {
        ok: false,
        status: 409,
        error: {
          code: 'file.remote',
          message: `${name} moves a file, which the desktop does not relay in remote mode: open the daemon's UI in a browser`,
          kind: 'conflict',
        },
      };
    }
    try {
      return { ok: true, value: await remote.call(name, input as never) };
    } catch (err) {
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
