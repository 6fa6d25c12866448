// What a User-Agent claims, on real User-Agents: the Chromium that recorded the project's captures
// sends "HeadlessChrome/156..." — automation, not a browser a person uses.
import { describe, expect, it } from 'vitest';
import { consistencyVerdict, fingerprintFamily, uaFamily } from './ua-family.js';

const HEADLESS =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

describe('uaFamily', () => {
  it('HeadlessChrome is automation, not a browser', () => {
    expect(uaFamily(HEADLESS)).toBe('automation');
    expect(uaFamily(CHROME)).toBe('chrome');
    expect(uaFamily('Mozilla/5.0 (Unknown; Linux x86_64) PhantomJS/2.1.1 Safari/538.1')).toBe(
      'automation',
    );
  });

  it('headless Chromium over Chrome TLS is consistent; over a tool is not', () => {
    expect(consistencyVerdict('automation', 'chrome')).toBe('consistent');
    expect(consistencyVerdict('automation', 'firefox')).toBe('mismatch');
  });

  it('an impersonation library named by the knowledge base is a tool, whatever it copies', () => {
    expect(
      fingerprintFamily(
        't13i1515h2_8daaf6152771_d8a2da3f94cd',
        'wreq-js 3.1.0 profile chrome (impersonation)',
      ),
    ).toBe('tool');
    expect(fingerprintFamily('t13d1517h2_8daaf6152771_cb7bf5808d99', 'Chromium 156')).toBe(
      'chrome',
    );
  });
});
