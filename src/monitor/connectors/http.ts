// HTTP for the connectors: JSON over fetch with a timeout, and rate limits turned into a
// RateLimited error that says when to come back (Retry-After, or the API's reset header).
export class RateLimited extends Error {
  constructor(
    readonly retryAt: number,
    detail: string,
  ) {
    super(`rate limited: ${detail}`);
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`HTTP ${status}: ${detail}`);
  }
}

export interface JsonResponse<T> {
  body: T;
  headers: Headers;
}

export function retryAtFrom(headers: Headers, fallbackMs: number): number {
  const after = headers.get('retry-after');
  if (after) {
    const n = Number(after);
    if (Number.isFinite(n)) return Date.now() + n * 1000;
    const d = Date.parse(after);
    if (!Number.isNaN(d)) return d;
  }
  const reset = headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset');
  if (reset && Number.isFinite(Number(reset))) {
    const n = Number(reset);
    return n > 1e9 ? n * 1000 : Date.now() + n * 1000;
  }
  return Date.now() + fallbackMs;
}

export async function getJson<T>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, {
    ...init,
    headers: { accept: 'application/json', 'user-agent': 'Dauys-monitor/0.1', ...(init.headers ?? {}) },
    signal: AbortSignal.timeout(30_000),
    redirect: 'follow',
  });
  if (res.status === 429 || res.status === 503)
    throw new RateLimited(retryAtFrom(res.headers, 15 * 60_000), `${res.status} from ${new URL(url).host}`);
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, text.slice(0, 200));
  try {
    return { body: JSON.parse(text) as T, headers: res.headers };
  } catch {
    throw new HttpError(res.status, 'not JSON');
  }
}

/** Plain text from the HTML of a Mastodon status: paragraphs and breaks become new lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return named[e.toLowerCase()] ?? m;
    })
    .trim();
}
