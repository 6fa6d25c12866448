import { operationNames } from '../../../common/api/contract.js';
import { type BridgeConfig, bridgeArgPrefix, ipcChannel } from '../../../common/api/ipc.js';

/** The preload's configuration, generated from the contract. */
export function bridgeArgument(): string {
  const config: BridgeConfig = { channel: ipcChannel, operations: [...operationNames] };
  return `${bridgeArgPrefix}${JSON.stringify(config)}`;
}
