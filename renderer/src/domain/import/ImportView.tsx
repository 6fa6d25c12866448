// Import: drop or choose a pcap/pcapng (uploaded to the daemon; in the desktop chosen in main's
// open dialog and read where it is), or give a path on the daemon's machine; jobs show packets,
// connections, bytes and time left, refreshed every second.
import { type DragEvent, type FormEvent, useEffect, useState } from 'react';
import type { ImportJob } from '../../../../common/api/import.js';
import { api } from '../../core/api/client.js';
import { inDesktop, uploadFiles } from '../../core/api/files.js';
import { formatCount, formatMs } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { hrefFor } from '../../core/router/store.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { Time } from '../../core/ui/Time.js';

export function ImportView() {
  const q = useApiQuery('import.jobs', {});
  const [message, setMessage] = useState('');
  const [upload, setUpload] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [over, setOver] = useState(false);
  const [path, setPath] = useState('');
  const busy = (q.data?.jobs ?? []).some((j) => j.state === 'queued' || j.state === 'running');
  useEffect(() => {
    const t = setInterval(q.reload, busy ? 1000 : 5000);
    return () => clearInterval(t);
  }, [q.reload, busy]);

  const send = async (files: FileList | null) => {
    for (const f of [...(files ?? [])]) {
      setMessage('');
      setUpload({ name: f.name, sent: 0, total: f.size });
      try {
        await uploadFiles('import.upload', [f], (_f, sent, total) =>
          setUpload({ name: f.name, sent, total }),
        );
        setMessage(`${f.name} uploaded; importing.`);
      } catch (err) {
        setMessage(`${f.name}: ${(err as Error).message}`);
      }
      setUpload(null);
      q.reload();
    }
  };
  /** Desktop: main's open dialog chooses the files; nothing is copied. */
  const choose = async () => {
    setMessage('');
    try {
      const [r] = await uploadFiles('import.upload', []);
      const names = (r?.jobs ?? []).map((j) => j.file);
      setMessage(names.length > 0 ? `Importing ${names.join(', ')}.` : '');
    } catch (err) {
      setMessage(`Could not import: ${(err as Error).message}`);
    }
    q.reload();
  };
  const byPath = async (e: FormEvent) => {
    e.preventDefault();
    if (!path.trim()) return;
    try {
      await api().call('import.start', { path: path.trim() });
      setMessage(`Importing ${path.trim()}.`);
      q.reload();
    } catch (err) {
      setMessage(`Could not import: ${(err as Error).message}`);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void send(e.dataTransfer.files);
  };
  return (
    <section aria-labelledby="import-title" className="view">
      <h1 id="import-title">Import captures</h1>
      {inDesktop() ? (
        <p>
          <button type="button" onClick={() => void choose()}>
            Choose files to import
          </button>{' '}
          (.pcap, .pcapng, or logs: Zeek, Suricata eve.json, Cloudflare Logpush, AWS WAF; plain or
          .gz)
        </p>
      ) : (
        <div
          className={`dropzone${over ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
        >
          <p>
            Drop .pcap or .pcapng files here (or logs: Zeek, Suricata eve.json, Cloudflare Logpush,
            AWS WAF; plain or .gz), or
          </p>
          <label className="button">
            Choose files
            <input
              type="file"
              accept=".pcap,.pcapng,.cap,.log,.json,.jsonl,.gz"
              multiple
              onChange={(e) => void send(e.target.files)}
            />
          </label>
        </div>
      )}
      <form className="entity-picker" onSubmit={byPath}>
        <label>
          Or a file on the daemon&apos;s machine (inside an import folder)
          <input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/var/lib/ja4ws/import/capture.pcapng"
          />
        </label>
        <button type="submit">Import</button>
      </form>
      {upload ? (
        <p role="status" className="upload-progress">
          Uploading {upload.name}:{' '}
          <progress
            max={1}
            value={upload.total > 0 ? upload.sent / upload.total : 0}
            aria-label={`Upload of ${upload.name}`}
          />{' '}
          {upload.total > 0 ? Math.floor((upload.sent / upload.total) * 100) : 0}% (
          {formatCount(upload.sent)} of {formatCount(upload.total)} bytes)
        </p>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
      <QueryState q={q} what="the import jobs">
        {(r) =>
          r.jobs.length === 0 ? (
            <Empty>
              <p>
                No import yet. Imported handshakes appear in Overview and Search at their capture
                time.
              </p>
            </Empty>
          ) : (
            <table className="grid" aria-label="Import jobs">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">State</th>
                  <th scope="col">Progress</th>
                  <th scope="col" className="num">
                    Packets
                  </th>
                  <th scope="col" className="num">
                    Connections
                  </th>
                  <th scope="col" className="num">
                    Time left
                  </th>
                  <th scope="col">Started</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {r.jobs.map((j) => (
                  <JobRow key={j.id} j={j} />
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}

function JobRow({ j }: { j: ImportJob }) {
  const share =
    j.totalBytes > 0 ? Math.min(1, j.bytesRead / j.totalBytes) : j.state === 'done' ? 1 : 0;
  const pct = Math.round(share * 100);
  return (
    <tr className={j.state === 'failed' ? 'flag' : undefined}>
      <td className="mono wrap">
        {j.file}
        {j.format ? <div className="muted">{j.format}</div> : null}
      </td>
      <td>{j.state}</td>
      <td>
        <progress max={1} value={share} aria-label={`${j.file}: ${pct}%`} />{' '}
        {j.state === 'failed' ? `stopped at ${pct}%` : `${pct}%`}
        {j.dataFrom && j.dataTo ? (
          <>
            {' '}
            <a href={hrefFor('overview', { from: j.dataFrom, to: j.dataTo })}>
              View the imported data
            </a>{' '}
            <span className="muted">
              (captured <Time iso={j.dataFrom} /> – <Time iso={j.dataTo} />)
            </span>
          </>
        ) : null}
      </td>
      <td className="num">{formatCount(j.packets)}</td>
      <td className="num">{formatCount(j.connections)}</td>
      <td className="num">{j.secondsLeft === null ? '—' : formatMs(j.secondsLeft * 1000)}</td>
      <td>
        <Time iso={j.startedAt} />
      </td>
      <td className="wrap">{j.error ?? ''}</td>
    </tr>
  );
}
