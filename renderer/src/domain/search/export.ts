// Export of the full result: the daemon streams it (POST /api/v1/search.export); the browser saves
// it as a file. Over the desktop's IPC there is no stream route; the button says so.
import type { ExportFormat, SearchQuery } from '../../../../common/api/search.js';
import { apiPrefix } from '../../../../common/api/contract.js';

export async function exportSearch(
  query: SearchQuery,
  format: ExportFormat,
  signal?: AbortSignal,
): Promise<{ bytes: number; name: string }> {
  const res = await fetch(`${apiPrefix}/search.export?format=${format}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
    },
    body: JSON.stringify(query),
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as
      { error?: { message?: string } } | undefined;
    throw new Error(body?.error?.message ?? `export failed: HTTP ${res.status}`);
  }
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
    `ja4ws-export.${format}`;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { bytes: blob.size, name };
}
