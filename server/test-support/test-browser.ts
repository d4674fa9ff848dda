/**
 * Just enough of a browser for redirect-based sign-in tests without Chromium: a cookie jar per origin,
 * redirects followed by hand (so every hop's cookies are kept), and form posts.
 */
export interface Page {
  url: URL;
  status: number;
  body: string;
}

export class TestBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** The cookies this browser holds for an origin, by name. */
  cookies(origin: string): Map<string, string> {
    const key = new URL(origin).origin;
    if (!this.jars.has(key)) this.jars.set(key, new Map());
    return this.jars.get(key)!;
  }

  /** Opens a URL and follows redirects to the page they end on. */
  open(url: string): Promise<Page> {
    return this.request(new URL(url), { method: 'GET' });
  }

  /** Submits a form (application/x-www-form-urlencoded), following the answer's redirects. */
  submit(url: string, fields: Record<string, string>): Promise<Page> {
    return this.request(new URL(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  private async request(url: URL, init: { method: string; headers?: Record<string, string>; body?: string }, hops = 0): Promise<Page> {
    if (hops > 20) throw new Error(`too many redirects at ${url.href}`);
    const jar = this.cookies(url.origin);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, headers: { ...init.headers, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) this.keep(jar, header);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      return this.request(new URL(location, url), { method: 'GET' }, hops + 1);
    }
    return { url, status: response.status, body: await response.text() };
  }

  private keep(jar: Map<string, string>, header: string): void {
    const [pair = '', ...attributes] = header.split(';');
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}
