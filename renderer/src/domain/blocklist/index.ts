// Blocklists and WAF rules from the UI (issue 23): the triage queue's selection or a search.
export { ExportBlocklist } from './ExportBlocklist.js';
export { selectionTargets } from './targets.js';
