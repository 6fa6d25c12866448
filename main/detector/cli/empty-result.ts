// Why `ja4ws detect` scored nothing, and which option would change that, from the numbers
// detectOffline gathered: requests per entity in the window and over every event.
import { formatDuration } from '../../../capture-worker/src/util/progress/format.js';
import type { OfflineResult } from '../offline/detect-offline.js';

export interface EmptyInput {
  result: OfflineResult;
  eventsPath: string;
  windowText: string;
  windowMs: number;
  minRequests: number;
  perIp: boolean;
}

/** The smallest whole-hour (or whole-day) duration covering `ms`: "6h", "3d". */
function durationCovering(ms: number): string {
  const hours = Math.max(1, Math.ceil(ms / 3_600_000));
  return hours <= 72 ? `${hours}h` : `${Math.ceil(hours / 24)}d`;
}

export function explainEmpty(e: EmptyInput): string[] {
  const { load } = e.result;
  const what = e.perIp ? 'IPs' : '(src_ip, ja4) pairs';
  if (load.loaded === 0) {
    return [
      `nothing scored: no events were loaded from ${e.eventsPath} (${load.lines} lines read)`,
      `  to change: give a file of correlated request events, one JSON object a line (the correlator's JSONL sink writes them)`,
    ];
  }
  const empty = e.result.empty;
  const qualified = e.result.table.entities.length;
  const lines = [
    `nothing scored: ${qualified} of the ${empty?.windowCounts.length ?? 0} ${what} in the ${e.windowText} window have >= ${e.minRequests} requests; detection needs at least 2`,
  ];
  if (!empty) return lines;
  const advice: string[] = [];
  // Every entity over all the events: if even that is fewer than 2, no option helps.
  if (empty.spanCounts.length < 2) {
    lines.push(
      `  the events hold only ${empty.spanCounts.length} ${what}: detection compares at least 2, so no option can help; add traffic from more clients${e.perIp ? '' : ' (or score whole IPs: --level ip)'}`,
    );
    return lines;
  }
  const windowSecond = empty.windowCounts[1];
  if (windowSecond !== undefined && windowSecond >= 1 && windowSecond < e.minRequests)
    advice.push(
      `--min-requests ${windowSecond} (${empty.windowCounts.filter((n) => n >= windowSecond).length} ${what} in this window have that many)`,
    );
  if (empty.spanMs + 60_000 > e.windowMs) {
    const spanQualified = empty.spanCounts.filter((n) => n >= e.minRequests).length;
    if (spanQualified >= 2)
      advice.push(
        `--window ${durationCovering(empty.spanMs + 60_000)} (the events span ${formatDuration(empty.spanMs)}; ${spanQualified} ${what} have >= ${e.minRequests} requests over it)`,
      );
    else {
      const spanSecond = empty.spanCounts[1]!;
      advice.push(
        `--window ${durationCovering(empty.spanMs + 60_000)} --min-requests ${Math.max(1, Math.min(e.minRequests, spanSecond))} (the events span ${formatDuration(empty.spanMs)}; take every entity with that many)`,
      );
    }
  }
  if (advice.length === 0) advice.push(`--min-requests ${Math.max(1, empty.windowCounts[1] ?? 1)}`);
  lines.push(`  to score more, try: ${advice.join(', or ')}`);
  return lines;
}
