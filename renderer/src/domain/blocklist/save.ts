// Saving a blocklist: `blocklist.file` through the file-transfer path every download takes
// (core/api/files.ts). In a browser the daemon answers with the file and what it holds in
// headers; in the desktop main shows a save dialog and writes it, and answers with the same.
import type { OperationInput, OperationOutput } from '../../../../common/api/contract.js';
import { downloadFile } from '../../core/api/files.js';

export type SavedBlocklist = OperationOutput<'blocklist.file'>;
export type BlocklistCall = OperationInput<'blocklist.file'>;

export const saveBlocklist = (input: BlocklistCall): Promise<SavedBlocklist> =>
  downloadFile('blocklist.file', input);
