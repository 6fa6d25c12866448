// Packet store counters: what was kept, what the per-connection cap left out, what was dropped
// because the queue or the disk was full, what the cap and the retention deleted.
export interface PacketStoreStats {
  packetsStored: number;
  bytesStored: number;
  /** Packets beyond a connection's per-direction cap (by design, shown as truncation). */
  packetsBeyondCap: number;
  /** Dropped from the store because the write queue was full (slow disk). */
  droppedQueueFull: number;
  /** Dropped from the store because a write failed (disk full, I/O error). */
  droppedDisk: number;
  writeErrors: number;
  segmentsDeletedCap: number;
  segmentsDeletedRetention: number;
  bytesDeleted: number;
  /** Index entries removed at start-up because their bytes were missing (torn segment). */
  indexEntriesRepaired: number;
  /** Current size on disk (segments + indexes). */
  storeBytes: number;
  segments: number;
  queuedBytes: number;
}

export function emptyPacketStoreStats(): PacketStoreStats {
  return {
    packetsStored: 0,
    bytesStored: 0,
    packetsBeyondCap: 0,
    droppedQueueFull: 0,
    droppedDisk: 0,
    writeErrors: 0,
    segmentsDeletedCap: 0,
    segmentsDeletedRetention: 0,
    bytesDeleted: 0,
    indexEntriesRepaired: 0,
    storeBytes: 0,
    segments: 0,
    queuedBytes: 0,
  };
}
