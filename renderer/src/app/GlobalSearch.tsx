// The box `/` focuses: an IP opens its profile, a JA4 its fingerprint profile, anything else
// becomes a search (CIDR, JA4 pattern, JA3, or a server name containing the text).
import { forwardRef, type FormEvent, useState } from 'react';
import { JA4_PATTERN } from '../../../common/api/fingerprint-profile.js';
import { isCidrText, isIpText } from '../../../common/api/ip-address.js';
import { useRouter } from '../core/router/store.js';

export function routeForQuery(text: string): {
  view: 'ip' | 'fingerprint' | 'search';
  params: Record<string, string>;
} {
  const v = text.trim();
  if (isIpText(v)) return { view: 'ip', params: { ip: v } };
  if (JA4_PATTERN.test(v)) return { view: 'fingerprint', params: { ja4: v } };
  if (isCidrText(v)) return { view: 'search', params: { ip: v } };
  if (/^[0-9a-f]{32}$/i.test(v)) return { view: 'search', params: { ja3: v.toLowerCase() } };
  if (/^[a-z0-9*]+_[a-z0-9*]+(_[a-z0-9*]+)?$/i.test(v))
    return { view: 'search', params: { ja4: v } };
  return { view: 'search', params: { sni: v.includes('*') ? v : `*${v}*` } };
}

export const GlobalSearch = forwardRef<HTMLInputElement>(function GlobalSearch(_props, ref) {
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    const r = routeForQuery(text);
    useRouter.getState().navigate(r.view, r.params);
    setText('');
    // Focus leaves the box, so the view's own keys (and `/` again) work at once.
    (e.currentTarget as HTMLFormElement).querySelector('input')?.blur();
  };
  return (
    <form role="search" className="global-search" onSubmit={submit}>
      <label className="sr-only" htmlFor="global-search">
        Go to an IP, JA4, JA3 or server name
      </label>
      <input
        id="global-search"
        ref={ref}
        type="search"
        placeholder="IP, CIDR, JA4, JA3 or server name  ( / )"
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
    </form>
  );
});
