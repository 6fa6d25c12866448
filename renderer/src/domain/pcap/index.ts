// "Download pcap" for any view (issue 24); the connection detail pane passes { conn: [id] }.
export { DownloadPcap } from './DownloadPcap.js';
export { rowConnectionId } from './connection-id.js';
export { describePcap, downloadPcap } from './download.js';
