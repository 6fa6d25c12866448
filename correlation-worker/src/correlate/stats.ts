// Correlator counters, read by /metrics and the sensors view. Plain numbers: the hot path only
// increments fields.
export interface CorrelatorStats {
  handshakes_in: number;
  requests_in: number;
  matched: number;
  request_only: number;
  handshake_only: number;
  ambiguous: number;
  /** Handshakes identical to one already held (two sensors saw the same connection). */
  duplicate_handshakes: number;
  /** Events that arrived after the reorder bound had passed their decision time. */
  late_requests: number;
  late_handshakes: number;
  /** Connections evicted at maxConnections; requests decided early at maxPendingRequests. */
  evicted_connections: number;
  evicted_requests: number;
  /** Events dated too far in the future to move time forward. */
  future_events: number;
  open_connections: number;
  pending_requests: number;
}

export function emptyStats(): CorrelatorStats {
  return {
    handshakes_in: 0,
    requests_in: 0,
    matched: 0,
    request_only: 0,
    handshake_only: 0,
    ambiguous: 0,
    duplicate_handshakes: 0,
    late_requests: 0,
    late_handshakes: 0,
    evicted_connections: 0,
    evicted_requests: 0,
    future_events: 0,
    open_connections: 0,
    pending_requests: 0,
  };
}
