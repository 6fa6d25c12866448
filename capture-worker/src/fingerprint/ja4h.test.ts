import { describe, expect, it } from 'vitest';
import { hash12 } from '../util/hash.js';
import { ja4h, ja4hLanguage, ja4hVersionCode } from './ja4h.js';

// The request of FoxIO's JA4H example (spec §4: ge11cr13enus_88d2d584d47f_0f2659b474bf_161698816dab).
const COOKIE =
  'FastAB=0=6859,1=8174,2=4183,3=3319,4=3917,5=2557,6=4259,7=6070,8=0804,9=6453,10=1942,11=4435,12=4143,13=9445,14=6957,15=8682,16=1885,17=1825,18=3760,19=0929; sato=1; countryCode=US; stateCode=VA; geoData=purcellville|VA|20132|US|NA|-400|broadband|39.160|-77.700|511; usprivacy=1---; umto=1; _dd_s=logs=1&id=b5c2d770-eaba-4847-8202-390c4552ff9a&created=1686159462724&expire=1686160422726';
const HEADERS: Array<[string, string]> = [
  ['Host', 'www.cnn.com'],
  ['Cookie', COOKIE],
  ['Sec-Ch-Ua', ''],
  ['Sec-Ch-Ua-Mobile', '?0'],
  [
    'User-Agent',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.110 Safari/537.36',
  ],
  ['Sec-Ch-Ua-Platform', '""'],
  ['Accept', '*/*'],
  ['Sec-Fetch-Site', 'same-origin'],
  ['Sec-Fetch-Mode', 'cors'],
  ['Sec-Fetch-Dest', 'empty'],
  ['Sec-Fetch-Mode', 'cors'],
  ['Sec-Fetch-Dest', 'empty'],
  ['Referer', 'https://www.cnn.com/'],
  ['Accept-Encoding', 'gzip, deflate'],
  ['Accept-Language', 'en-US,en;q=0.9'],
];

describe('JA4H', () => {
  it('gives the spec example', () => {
    const r = ja4h({ method: 'GET', version: 'HTTP/1.1', headers: HEADERS });
    expect(r.ja4h).toBe('ge11cr13enus_88d2d584d47f_0f2659b474bf_161698816dab');
    expect(r.ja4h_r.startsWith('ge11cr13enus_Host,Sec-Ch-Ua,Sec-Ch-Ua-Mobile,User-Agent,')).toBe(
      true,
    );
  });

  it('no headers: count 00, language 0000, all hashes twelve zeros (Rust)', () => {
    expect(ja4h({ method: 'GET', version: 'HTTP/1.0', headers: [] })).toEqual({
      ja4h: 'ge10nn000000_000000000000_000000000000_000000000000',
      ja4h_r: 'ge10nn000000___',
      ja4h_ro: 'ge10nn000000__',
    });
  });

  it('Cookie and Referer set the flags and leave the count and the header hash', () => {
    const r = ja4h({
      method: 'POST',
      version: '1.1',
      headers: [
        ['Host', 'a'],
        ['Referer', 'x'],
        ['Cookie', 'b=2; a=1=x'],
      ],
    });
    expect(r.ja4h_r).toBe('po11cr010000_Host_a,b_a=1=x,b=2');
    expect(r.ja4h_ro).toBe('po11cr010000_Host_b,a_b=2,a=1=x');
    expect(r.ja4h).toBe(`po11cr010000_${hash12('Host')}_${hash12('a,b')}_${hash12('a=1=x,b=2')}`);
  });

  it('caps the header count at 99', () => {
    const headers = Array.from({ length: 120 }, (_, i): [string, string] => [`X-${i}`, 'v']);
    expect(ja4h({ method: 'GET', version: 'HTTP/1.1', headers }).ja4h.slice(0, 12)).toBe(
      'ge11nn990000',
    );
  });

  it('HTTP/2 pseudo-headers count by default (Rust) and drop with pseudoHeaders: exclude', () => {
    const headers: Array<[string, string]> = [
      [':method', 'GET'],
      [':authority', 'a'],
      [':scheme', 'https'],
      [':path', '/'],
      ['user-agent', 'x'],
      ['cookie', 'a=1'],
      ['cookie', 'b=2'],
    ];
    expect(ja4h({ method: 'GET', version: 'HTTP/2', headers }).ja4h_r).toBe(
      'ge20cn050000_:method,:authority,:scheme,:path,user-agent_a,b_a=1,b=2',
    );
    expect(
      ja4h({ method: 'GET', version: 'HTTP/2.0', headers }, { pseudoHeaders: 'exclude' }).ja4h_r,
    ).toBe('ge20cn010000_user-agent_a,b_a=1,b=2');
  });

  it('methods and versions', () => {
    expect(
      ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE'].map((m) =>
        ja4h({ method: m, version: '1.1', headers: [] }).ja4h.slice(0, 2),
      ),
    ).toEqual(['ge', 'po', 'pu', 'he', 'de', 'op', 'pa', 'co', 'tr']);
    expect(ja4h({ method: 'PROPFIND', version: '1.1', headers: [] }).ja4h.slice(0, 2)).toBe('pr');
    expect(
      ['HTTP/1.0', 'HTTP/1.1', 'HTTP/2', 'HTTP/2.0', 'HTTP/3', '1.1', '2', 'h9'].map(
        ja4hVersionCode,
      ),
    ).toEqual(['10', '11', '20', '20', '30', '11', '20', '00']);
  });

  it('language rules (spec §4)', () => {
    expect(ja4hLanguage('en-US,en;q=0.9')).toBe('enus');
    expect(ja4hLanguage('da, en-gb;q=0.8')).toBe('da00');
    expect(ja4hLanguage(undefined)).toBe('0000');
    expect(ja4hLanguage('en;q=0.9')).toBe('en;q');
    expect(ja4hLanguage('en;q=0.9', 'spec')).toBe('en00');
    expect(
      ja4h({
        method: 'GET',
        version: '1.1',
        headers: [['accept-language', 'fr-CH, fr;q=0.9']],
      }).ja4h.slice(8, 12),
    ).toBe('frch');
  });

  it("cookie rule 'spec' reads every Cookie header and splits on ';' without a space", () => {
    const headers: Array<[string, string]> = [
      ['Cookie', 'b=2;a=1'],
      ['Cookie', 'c=3'],
    ];
    expect(ja4h({ method: 'GET', version: '1.1', headers }).ja4h_r).toBe('ge11cn000000__b_b=2;a=1');
    expect(ja4h({ method: 'GET', version: '1.1', headers }, { cookies: 'spec' }).ja4h_r).toBe(
      'ge11cn000000__a,b,c_a=1,b=2,c=3',
    );
  });
});
