import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from './link-header.js';

describe('parseLinkHeader', () => {
  it('reads every rel of a ConnectWise Link header', () => {
    const links = parseLinkHeader(
      '<https://cw.example/v2025_1/apis/3.0/company/companies?page=1&pageSize=2>; rel="first", ' +
        '<https://cw.example/v2025_1/apis/3.0/company/companies?page=3&pageSize=2>; rel="next", ' +
        '<https://cw.example/v2025_1/apis/3.0/company/companies?page=9&pageSize=2>; rel=last',
    );

    expect(links.get('next')).toBe('https://cw.example/v2025_1/apis/3.0/company/companies?page=3&pageSize=2');
    expect(links.get('last')).toContain('page=9');
    expect(links.has('prev')).toBe(false);
  });

  it('keeps commas inside the URL', () => {
    const links = parseLinkHeader('<https://x/a?fields=id,name&page=2>; rel="next"');

    expect(links.get('next')).toBe('https://x/a?fields=id,name&page=2');
  });

  it('returns nothing for an absent header', () => {
    expect(parseLinkHeader(undefined).size).toBe(0);
  });
});
