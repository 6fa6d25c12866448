// Saving a blocklist: `blocklist.file` through the file-transfer path every download takes
// (core/api/files.ts). In a browser the daemon answers with the file and what it holds in
// headers; in the desktop main shows a save dialog and writes it, and answers with the same.
import { blocklistHeaders } from '../../../../common/api/blocklist.js';
import type { OperationInput } from '../../../../common/api/contract.js';
import { downloadFile } from '../../core/api/files.js';

export interface SavedBlocklist {
  saved: boolean;
  name: string;
  ips: number;
  ja4s: number;
  expires: string;
  truncated: boolean;
  warnings: string[];
}

export type BlocklistCall = OperationInput<'blocklist.file'>;

export async function saveBlocklist(input: BlocklistCall): Promise<SavedBlocklist> {
  const r = await downloadFile('blocklist.file', input);
  if (r.via === 'desktop') return { ...r.output, name: r.output.path };
  const h = (k: keyof typeof blocklistHeaders) => r.headers.get(blocklistHeaders[k]) ?? '';
  let warnings: string[] = [];
  try {
    warnings = JSON.parse(decodeURIComponent(h('warnings')) || '[]') as string[];
  } catch {
    warnings = ['the daemon sent warnings this page could not read'];
  }
  return {
    saved: true,
    name: r.name,
    ips: Number(h('ips')),
    ja4s: Number(h('ja4s')),
    expires: h('expires'),
    truncated: h('truncated') === 'true',
    warnings,
  };
}
