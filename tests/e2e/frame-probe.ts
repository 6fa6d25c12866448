// In-page measurement of smoothness, installed before the app loads (page.addInitScript). A
// string, not a function: the page must get plain JavaScript whatever the TypeScript loader adds.
// While on: every requestAnimationFrame interval, every long task (PerformanceObserver 'longtask',
// > 50 ms by definition), the number of live-table rows and DOM elements (sampled every 100 ms) and
// the number of table commits (MutationObserver callbacks on the table body, one per React commit
// that changed it).

export interface ProbeResult {
  ms: number;
  frames: number[];
  longTasks: number[];
  rowsMax: number;
  domMax: number;
  commits: number;
}

export const FRAME_PROBE = `(() => {
  const st = { on: false, t0: 0, last: 0, frames: [], long: [], rowsMax: 0, domMax: 0, commits: 0 };
  const rows = () => document.querySelectorAll('table[aria-label="Live events"] tbody tr:not([aria-hidden])').length;
  try {
    new PerformanceObserver((list) => {
      if (st.on) for (const e of list.getEntries()) st.long.push(e.duration);
    }).observe({ type: 'longtask' });
  } catch (e) { st.noLongTask = String(e); }
  const frame = (t) => {
    if (st.on) { if (st.last) st.frames.push(t - st.last); st.last = t; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  let observed;
  const mo = new MutationObserver(() => { if (st.on) st.commits++; });
  setInterval(() => {
    const body = document.querySelector('table[aria-label="Live events"] tbody');
    if (body && body !== observed) { mo.disconnect(); mo.observe(body, { childList: true, subtree: true, characterData: true }); observed = body; }
    if (!st.on) return;
    st.rowsMax = Math.max(st.rowsMax, rows());
    st.domMax = Math.max(st.domMax, document.getElementsByTagName('*').length);
  }, 100);
  window.__probe = {
    start() { Object.assign(st, { on: true, t0: performance.now(), last: 0, frames: [], long: [], rowsMax: 0, domMax: 0, commits: 0 }); },
    stop() {
      st.on = false;
      return { ms: performance.now() - st.t0, frames: st.frames, longTasks: st.long, rowsMax: st.rowsMax, domMax: st.domMax, commits: st.commits };
    },
  };
})();`;

/** The figures the reports quote, from one probe result. */
export function summarize(r: ProbeResult): {
  seconds: number;
  fps: number;
  p95FrameMs: number;
  maxFrameMs: number;
  longTasks: number;
  longTaskMaxMs: number;
  longTaskTotalMs: number;
  rowsInDomMax: number;
  domElementsMax: number;
  tableCommitsPerSecond: number;
} {
  const sorted = [...r.frames].sort((a, b) => a - b);
  const pct = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const round = (x: number) => Math.round(x * 10) / 10;
  const seconds = r.ms / 1000;
  return {
    seconds: round(seconds),
    fps: round(r.frames.length / seconds),
    p95FrameMs: round(pct(0.95)),
    maxFrameMs: round(sorted[sorted.length - 1] ?? 0),
    longTasks: r.longTasks.length,
    longTaskMaxMs: round(Math.max(0, ...r.longTasks)),
    longTaskTotalMs: round(r.longTasks.reduce((a, b) => a + b, 0)),
    rowsInDomMax: r.rowsMax,
    domElementsMax: r.domMax,
    tableCommitsPerSecond: round(r.commits / seconds),
  };
}
