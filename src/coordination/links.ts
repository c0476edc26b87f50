// Links as co-link compares them: one key per page, whatever tracking the sharer's app added.
// Only what the link itself says is used (never a network request): known redirectors are
// unwrapped when the target is in the link, tracking parameters and fragments dropped.

/** Query parameters that identify the sharer, the campaign or the click, never the page. */
const TRACKING_EXACT = new Set([
  'fbclid', // Facebook
  'gclid', // Google Ads
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid', // Bing
  'yclid', // Yandex
  'ysclid', // Yandex search
  'igshid', // Instagram
  'igsh',
  'mc_cid', // Mailchimp
  'mc_eid',
  'ref_src', // X/Twitter embeds
  'ref_url',
  '_hsenc', // HubSpot
  '_hsmi',
  'mkt_tok', // Marketo
  'vero_id',
  'oly_anon_id',
  'oly_enc_id',
  'rb_clickid',
  's_cid',
  'twclid',
  'ttclid', // TikTok ads
  'li_fat_id', // LinkedIn
  'epik', // Pinterest
  'xtor',
  'spm',
  'share_source',
  'share_medium',
  'utm', // a bare "utm" some apps add
]);
const TRACKING_PREFIX = ['utm_', 'pk_', 'mtm_', 'hsa_'];

/** Parameters that mean "who shared" only on these hosts (elsewhere they may select content). */
const HOST_TRACKING: Record<string, string[]> = {
  'x.com': ['s', 't'],
  'twitter.com': ['s', 't'],
  'mobile.twitter.com': ['s', 't'],
  'youtube.com': ['si', 'feature', 'pp'],
  'm.youtube.com': ['si', 'feature', 'pp'],
  'youtu.be': ['si', 'feature'],
  'music.youtube.com': ['si', 'feature'],
  'open.spotify.com': ['si'],
  'instagram.com': ['utm_source', 'igsh', 'img_index'],
  'tiktok.com': ['_r', '_t', 'is_from_webapp', 'sender_device', 'sender_web_id', 'is_copy_url', 'web_id'],
  'vm.tiktok.com': ['_r', '_t'],
  'facebook.com': ['mibextid', 'rdid', 'sfnsn', 'ref'],
  'm.facebook.com': ['mibextid', 'rdid', 'sfnsn', 'ref'],
  't.me': ['single'],
};

/** Redirectors that carry their target in a parameter: host → (path test, parameter). */
const REDIRECTORS: Array<{ host: string; path: RegExp; param: string }> = [
  { host: 'l.facebook.com', path: /^\/l\.php$/, param: 'u' },
  { host: 'lm.facebook.com', path: /^\/l\.php$/, param: 'u' },
  { host: 'm.facebook.com', path: /^\/l\.php$/, param: 'u' },
  { host: 'facebook.com', path: /^\/l\.php$/, param: 'u' },
  { host: 'l.instagram.com', path: /^\/?$/, param: 'u' },
  { host: 'vk.com', path: /^\/away\.php$/, param: 'to' },
  { host: 'm.vk.com', path: /^\/away\.php$/, param: 'to' },
  { host: 'ok.ru', path: /^\/dk$/, param: 'st.link' },
  { host: 't.umblr.com', path: /^\/redirect$/, param: 'z' },
  { host: 'google.com', path: /^\/url$/, param: 'q' },
  { host: 'google.kz', path: /^\/url$/, param: 'q' },
  { host: 'google.ru', path: /^\/url$/, param: 'q' },
  { host: 'youtube.com', path: /^\/redirect$/, param: 'q' },
  { host: 'm.youtube.com', path: /^\/redirect$/, param: 'q' },
  { host: 'away.vk.com', path: /^\/away$/, param: 'to' },
  { host: 'out.reddit.com', path: /^\/.*$/, param: 'url' },
  { host: 'href.li', path: /^\/?$/, param: '' }, // href.li/?https://target
];

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

function isTracking(name: string, host: string): boolean {
  const n = name.toLowerCase();
  if (TRACKING_EXACT.has(n)) return true;
  for (const p of TRACKING_PREFIX) if (n.startsWith(p)) return true;
  return HOST_TRACKING[host]?.includes(n) ?? false;
}

function parse(raw: string): URL | null {
  let s = raw.trim();
  if (!s) return null;
  // "example.com/page" as people paste it: read as https, but only when it looks like a host.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) {
    if (!/^(www\.)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+([/?#:]|$)/u.test(s)) return null;
    s = 'https://' + s;
  }
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

const bareHost = (h: string): string =>
  h
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');

/**
 * The key of a link: scheme-less `host/path?query`, host lower-cased without `www.` and default port,
 * redirectors unwrapped (up to three deep), tracking parameters and the fragment removed, the
 * remaining parameters sorted, a trailing slash dropped. Null when the text is not an http(s) link.
 */
export function normaliseLink(raw: string): string | null {
  let u = parse(raw);
  for (let depth = 0; u && depth < 3; depth++) {
    const host = bareHost(u.hostname);
    const r = REDIRECTORS.find((x) => x.host === host && x.path.test(u!.pathname));
    if (!r) break;
    let target: string | null;
    if (r.param) target = u.searchParams.get(r.param);
    else target = decodeURIComponent(u.search.slice(1));
    const next = target ? parse(target) : null;
    if (!next) break; // a redirector without a readable target stays itself
    u = next;
  }
  if (!u) return null;
  const host = bareHost(u.hostname);
  if (!host) return null;
  const port = u.port && u.port !== DEFAULT_PORT[u.protocol] ? `:${u.port}` : '';
  const params: Array<[string, string]> = [];
  for (const [k, v] of u.searchParams) if (!isTracking(k, host)) params.push([k, v]);
  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let path = u.pathname.replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '');
  if (path === '/') path = '';
  const query = params.length ? '?' + new URLSearchParams(params).toString() : '';
  return `${host}${port}${path}${query}`;
}
