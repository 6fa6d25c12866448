// The correlator's counters in words, each with what it counts (its unit), instead of raw
// snake_case keys; a counter this list does not know yet is still shown, spelled out.
const names: Record<string, string> = {
  handshakes_in: 'Handshakes received',
  requests_in: 'Requests received',
  matched: 'Requests matched to a handshake',
  request_only: 'Requests without a handshake',
  handshake_only: 'Handshakes without a request',
  ambiguous: 'Requests with several candidate handshakes',
  duplicate_handshakes: 'Duplicate handshakes (seen by two sensors)',
  late_requests: 'Requests arriving too late',
  late_handshakes: 'Handshakes arriving too late',
  evicted_connections: 'Connections evicted at the cap',
  evicted_requests: 'Requests decided early at the cap',
  future_events: 'Events dated in the future (ignored for time)',
  open_connections: 'Connections held now',
  pending_requests: 'Requests waiting now',
  // The correlation worker's own process (docs/decisions.md, "The house").
  worker_crashes: 'Correlation worker crashes',
  worker_restarts: 'Correlation worker restarts',
  crash_lost_handshakes: 'Handshakes of the join window lost in crashes',
  join_state_at_risk: 'Handshakes a crash would lose now',
  handshakes_dropped_while_down: 'Local handshakes dropped while the worker was down',
  invalid_frames: 'Invalid frames from the correlation worker',
};

export function counterName(key: string): string {
  const known = names[key.replace(/([A-Z])/g, '_$1').toLowerCase()];
  if (known) return known;
  const words = key
    .replace(/([A-Z])/g, ' $1')
    .replace(/_/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
