// The interface that carries the default route, read from /proc/net/route (no `ip` binary, no
// addon). With several default routes the lowest metric wins, as the kernel chooses.
import { readFileSync } from 'node:fs';
import { AppError } from '../../../common/util/errors.js';

export function parseDefaultRouteIface(routeTable: string): string | undefined {
  let best: { iface: string; metric: number } | undefined;
  for (const line of routeTable.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, dest, , flags, , , metric, mask] = f;
    // RTF_UP = 0x1; destination and mask 0 = default route.
    if (dest !== '00000000' || mask !== '00000000' || (parseInt(flags!, 16) & 1) === 0) continue;
    const m = Number(metric);
    if (best === undefined || m < best.metric) best = { iface: iface!, metric: m };
  }
  return best?.iface;
}

export function defaultRouteIface(path = '/proc/net/route'): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError(
      'capture.no_default_iface',
      `cannot read ${path} to find the default-route interface; set the interface explicitly`,
      {
        path,
        cause: String(err),
      },
    );
  }
  const iface = parseDefaultRouteIface(text);
  if (iface === undefined) {
    throw new AppError(
      'capture.no_default_iface',
      `no IPv4 default route in ${path}; set the capture interface explicitly (or "any")`,
      {
        path,
      },
    );
  }
  return iface;
}
