// Export of the full result (`search.export`): the browser saves the daemon's stream; the
// desktop's main writes the file the analyst chose in a save dialog.
import type { SearchQueryInput } from '../../../../common/api/search.js';
import { downloadFile } from '../../core/api/files.js';

export async function exportSearch(
  query: SearchQueryInput,
): Promise<{ saved: boolean; bytes: number; name: string }> {
  const r = await downloadFile('search.export', query);
  return r.via === 'desktop'
    ? { saved: r.output.saved, bytes: r.output.bytes, name: r.output.path }
    : { saved: true, bytes: r.bytes, name: r.name };
}
