import { create } from 'zustand';
import type { HandshakeRow } from '../../../../common/api/handshakes.js';
import { api } from '../../core/api/client.js';

type Status = 'idle' | 'loading' | 'ready' | 'error';

interface HandshakesState {
  rows: HandshakeRow[];
  status: Status;
  error?: string;
  load: (limit?: number) => Promise<void>;
}

export const useHandshakes = create<HandshakesState>((set) => ({
  rows: [],
  status: 'idle',
  load: async (limit = 200) => {
    set({ status: 'loading' });
    try {
      const { rows } = await api().call('handshakes.recent', { limit });
      set({ rows, status: 'ready', error: undefined });
    } catch (err) {
      set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
    }
  },
}));
