import type { View } from '../core/router/route.js';

/** The navigation bar, in order. Profiles are reached by pivots or the search box. */
export const navItems: { view: View; label: string; key?: string }[] = [
  { view: 'overview', label: 'Overview', key: 'o' },
  { view: 'live', label: 'Live', key: 'l' },
  { view: 'search', label: 'Search', key: 's' },
  { view: 'anomalies', label: 'Anomalies', key: 'a' },
  { view: 'ip', label: 'IP profile' },
  { view: 'fingerprint', label: 'Fingerprint' },
  { view: 'model', label: 'Model', key: 'm' },
  { view: 'sensors', label: 'Sensors', key: 'n' },
  { view: 'import', label: 'Import', key: 'i' },
  { view: 'sql', label: 'SQL console', key: 'q' },
  { view: 'settings', label: 'Settings' },
];
