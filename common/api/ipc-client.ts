// ApiClient over the preload's bridge (desktop). Same behaviour as HttpApiClient: contract-checked
// outputs, ApiCallError with the status and field on failure.
import {
  type ApiClient,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  contract,
} from './contract.js';
import { ApiCallError } from './http-client.js';
import type { RendererBridge } from './ipc.js';

export class IpcApiClient implements ApiClient {
  constructor(private readonly bridge: RendererBridge) {}

  async call<N extends OperationName>(
    name: N,
    input: OperationInput<N>,
    options: { signal?: AbortSignal } = {},
  ): Promise<OperationOutput<N>> {
    options.signal?.throwIfAborted();
    const r = await this.bridge.invoke(name, input ?? {});
    options.signal?.throwIfAborted();
    if (!r.ok)
      throw new ApiCallError(r.status, r.error.code, r.error.message, r.error.field, r.error.kind);
    return contract[name].output.parse(r.value) as OperationOutput<N>;
  }
}
