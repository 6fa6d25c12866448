// Plaintext HTTP/1.x requests on a TCP direction: every request on the connection gives a JA4H.
import type { TcpStream } from '../flow/tcp-stream.js';
import type { Flow } from './flow.js';

export function handleHttp(
  flow: Flow,
  s: TcpStream,
  countParse: (code: string) => void,
): 'tls' | undefined {
  void flow;
  void countParse;
  s.close();
  return undefined;
}
