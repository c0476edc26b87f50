// Safe Markdown: raw HTML is shown as text, links may only go to http(s) and mailto and never carry
// the referrer, and images become plain links (an <img> from elsewhere would be a third-party request).
import { Marked, type Tokens } from 'marked';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function safeHref(href: string): string | null {
  try {
    const u = new URL(href, 'https://invalid.local/');
    if (u.origin === 'https://invalid.local') return href.startsWith('/') && !href.startsWith('//') ? href : null;
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escape(text),
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const safe = safeHref(href);
      return safe ? `<a href="${escape(safe)}" rel="noopener noreferrer nofollow">${text}</a>` : text;
    },
    image({ href, text }: Tokens.Image) {
      const safe = safeHref(href);
      return safe
        ? `<a href="${escape(safe)}" rel="noopener noreferrer nofollow">${escape(text || href)}</a>`
        : escape(text);
    },
  },
});

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false }) as string;
}
