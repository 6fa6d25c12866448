// Names that end up in system calls and command lines: network interface names (tcpdump -i, pcap)
// and UNIX socket paths (bind). Checked by the API contract and by the configuration loader alike,
// so a value refused from the UI cannot come back through settings.yaml. Browser-safe: no Node.

/** Longest socket path: sun_path is 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;

/**
 * Linux accepts any name of 1-15 bytes (IFNAMSIZ 16 with the NUL) without '/', ':' or whitespace,
 * other than "." and "..". Ours is narrower: letters, digits, '_', '.', '-', and no leading '-' or
 * '.', so that a name can never read as a command-line option or carry a shell metacharacter
 * (`lo; id`, `$(id)`). Every real interface name seen (eth0, enp0s31f6.100, br-1a2b3c4d5e6f,
 * wlp0s20f3, veth1a2b3c4, tun0, docker0) fits. `any` is libpcap's every-interface pseudo-device.
 */
export function interfaceNameProblem(name: string): string | undefined {
  if (name === 'any') return undefined;
  if (name.length === 0) return 'an interface name must not be empty';
  if (new TextEncoder().encode(name).length > 15)
    return `interface name ${JSON.stringify(name)} is longer than 15 bytes (Linux IFNAMSIZ)`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name))
    return `interface name ${JSON.stringify(name)} may hold only letters, digits, "_", "." and "-" (not first)`;
  return undefined;
}

/**
 * Absolute, normalised (no "." or ".." segment, no "//", no trailing "/"), no control character,
 * at most 107 bytes. Where the path may be is the configuration's business (it knows the data
 * directory): see main/config/socket-path.ts.
 */
export function socketPathProblem(path: string): string | undefined {
  const shown = JSON.stringify(path);
  if (!path.startsWith('/')) return `socket path ${shown} must be absolute`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path))
    return `socket path ${shown} must not contain control characters`;
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..'))
    return `socket path ${shown} must be normalised: no "..", ".", "//" or trailing "/"`;
  const bytes = new TextEncoder().encode(path).length;
  if (bytes > MAX_SOCKET_PATH_BYTES)
    return `socket path ${shown} is ${bytes} bytes; a UNIX socket path holds at most ${MAX_SOCKET_PATH_BYTES}`;
  return undefined;
}
