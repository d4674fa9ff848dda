/**
 * RFC 5988 `Link` header → map of rel → URL. ConnectWise sends `first`, `prev`, `next`, `last`
 * (`next` only, in forward-only paging).
 */
export function parseLinkHeader(value: string | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (!value) return links;
  // `<url>; rel="next"; title="x", <url2>; rel=last` — URLs are inside <>, so commas there are safe.
  const entry = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (let match = entry.exec(value); match; match = entry.exec(value)) {
    const url = match[1] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
    const names = (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter(Boolean);
    for (const name of names) links.set(name.toLowerCase(), url);
  }
  return links;
}
