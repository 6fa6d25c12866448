export type { RawPacket } from './packet.js';
export { packetTimeUs } from './packet.js';
export { CaptureFileError, type CaptureErrorCode } from './errors.js';
export { CaptureStreamParser, type CaptureParserEvents } from './stream-parser.js';
export { readCaptureFile, forEachPacket, type ReadCaptureOptions } from './read-file.js';
