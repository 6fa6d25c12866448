// The "Download pcap" action: one button for any selection of connections (a connection, an IP
// or a JA4 in a time window, a search's rows). The outcome, truncation included, shows beside it.
import { useState } from 'react';
import type { PcapSelectionInput } from '../../../../common/api/pcap.js';
import { describePcap, downloadPcap } from './download.js';

export function DownloadPcap({
  selection,
  label = 'Download pcap',
}: {
  selection: PcapSelectionInput;
  label?: string;
}) {
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setStatus('Preparing pcap…');
    try {
      setStatus(describePcap(await downloadPcap(selection)));
    } catch (err) {
      setStatus(`Download failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="download-pcap">
      <button type="button" onClick={() => void run()} disabled={busy}>
        {label}
      </button>
      {status ? (
        <span className="muted" role="status">
          {' '}
          {status}
        </span>
      ) : null}
    </span>
  );
}
