// The file channel of a binding that has none (the desktop's remote mode, a test): a file
// operation fails with a message that says where it works.
import { ApiError } from '../../../common/api/api-error.js';
import { operationPath, type OperationName } from '../../../common/api/contract.js';
import type { FileChannel } from '../../core/file-transfer.js';

export function noFiles(name: OperationName | string): FileChannel {
  const refuse = (): never => {
    throw new ApiError(
      'conflict',
      'file.no_channel',
      `${name} moves a file: over HTTP POST to ${operationPath(name as OperationName)} (the file streams); in the desktop app main opens a file dialog`,
    );
  };
  return { download: { open: async () => refuse() }, upload: { files: async () => refuse() } };
}
