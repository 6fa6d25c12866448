export {
  deriveInitialKeys,
  hkdfExpandLabel,
  QUIC_V1,
  QUIC_V2,
  type InitialKeys,
  type DirectionKeys,
} from './initial-keys.js';
export {
  splitLongPackets,
  decryptInitial,
  type LongPacket,
  type LongPacketType,
} from './long-header.js';
export { cryptoFrames, type CryptoFrame } from './frames.js';
export { CryptoStream } from './crypto-stream.js';
export { QuicError, type QuicErrorCode } from './errors.js';
