// Saving an exported blocklist. blocklist.export answers with the file's text (a rule holds at
// most 5,000 entries of each kind, well under a megabyte), so the browser saves it from memory;
// the desktop's Electron shows its save dialog for the same download.
import type { OperationOutput } from '../../../../common/api/contract.js';

export type Exported = OperationOutput<'blocklist.export'>;

export function saveBlocklist(out: Exported): { name: string; bytes: number } {
  const blob = new Blob([out.content], { type: out.media_type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = out.filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name: out.filename, bytes: blob.size };
}
