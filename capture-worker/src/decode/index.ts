export { decodePacket } from './decode.js';
export { DecodedPacket, TcpFlag, type DecodeErrorKind } from './decoded-packet.js';
export { ipToString } from './address.js';
