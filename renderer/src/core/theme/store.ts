// Light or dark, remembered per browser; the first visit follows the system preference.
import { create } from 'zustand';

export type Theme = 'light' | 'dark';
const KEY = 'ja4ws.theme';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    /* ignore */
  }
  return typeof window !== 'undefined' &&
    window.matchMedia?.('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

function apply(theme: Theme): void {
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme;
}

export const useTheme = create<{ theme: Theme; setTheme: (t: Theme) => void }>((set) => {
  const theme = initialTheme();
  apply(theme);
  return {
    theme,
    setTheme: (t) => {
      try {
        localStorage.setItem(KEY, t);
      } catch {
        /* ignore */
      }
      apply(t);
      set({ theme: t });
    },
  };
});
