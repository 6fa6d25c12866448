// `import.upload`: the files the binding hands over (an HTTP upload spooled into the import
// folder, or files the desktop's user chose in an open dialog, read where they are) become
// import jobs, one per file. A dialog's choice is the analyst's own, so it is not limited to the
// import folders as `import.start` (a path typed into the API) is.
import type { ImportJob } from '../../../common/api/import.js';
import type { UploadSource } from '../../core/file-transfer.js';
import type { ImportJobs } from './jobs.js';

export async function uploadImport(
  jobs: ImportJobs,
  source: UploadSource,
): Promise<{ jobs: ImportJob[] }> {
  const files = await source.files();
  return { jobs: files.map((f) => jobs.enqueue(f.path, f.name, f.removeAfter)) };
}
