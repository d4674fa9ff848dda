import { describe, expect, it } from 'vitest';
import { HTTPS_HINT, validateConnect, validateSite } from './validation';

describe('connect form validation', () => {
  it("refuses a Base URL with a scheme, in the product document's words", () => {
    expect(validateSite('https://api-na.myconnectwise.net')).toBe(HTTPS_HINT);
    expect(validateSite('http://cw.example.com')).toBe(HTTPS_HINT);
    expect(HTTPS_HINT).toBe("Don't include the https:// in the URL.");
  });

  it('wants a host name only', () => {
    expect(validateSite('')).toBe('Enter the Base URL of your ConnectWise Manage site.');
    expect(validateSite('api-na.myconnectwise.net/v4_6_release')).toContain('without a path or spaces');
    expect(validateSite('api na.example.com')).toContain('without a path or spaces');
    expect(validateSite(' api-na.myconnectwise.net ')).toBeNull();
    expect(validateSite('127.0.0.1:8443')).toBeNull();
  });

  it('requires every field and says which', () => {
    const errors = validateConnect({ site: '', companyId: ' ', publicKey: '', privateKey: '' });
    expect(Object.keys(errors).sort()).toEqual(['companyId', 'privateKey', 'publicKey', 'site']);
    expect(errors.publicKey?.message).toBe('Enter the public API key.');
    expect(
      validateConnect({ site: 'cw.example.com', companyId: 'acme', publicKey: 'pub', privateKey: 'priv' }),
    ).toEqual({});
  });
});
