// The IPC binding's wire shapes. The preload receives the channel and the operation names from
// main at window creation (never a copy of the contract), and answers with an envelope because
// errors thrown across contextBridge lose their type and fields.
import type { ApiErrorBody } from './errors.js';

export interface BridgeConfig {
  channel: string;
  operations: string[];
}

/** Passed to the preload as `webPreferences.additionalArguments`: prefix + JSON(BridgeConfig). */
export const bridgeArgPrefix = '--ja4ws-bridge=';

export const ipcChannel = 'ja4ws:api';

export type IpcEnvelope =
  { ok: true; value: unknown } | ({ ok: false; status: number } & ApiErrorBody);

/** What the preload exposes on `window.ja4wsBridge`. */
export interface RendererBridge {
  invoke(name: string, input: unknown): Promise<IpcEnvelope>;
}
