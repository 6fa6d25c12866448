// RFC 8701 GREASE values: both bytes equal and each low nibble 0xa (0x0a0a, 0x1a1a, ... 0xfafa).
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >>> 8 === (v & 0xff);
}
