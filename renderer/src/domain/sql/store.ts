import { create } from 'zustand';

/** The console's draft text survives switching views. */
export const useSqlDraft = create<{ text: string; setText: (t: string) => void }>((set) => ({
  text: 'SELECT ja4, count() AS handshakes\nFROM tls_handshakes\nGROUP BY ja4\nORDER BY handshakes DESC\nLIMIT 20',
  setText: (text) => set({ text }),
}));
