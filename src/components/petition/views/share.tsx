// After a confirmed signature: the petition's link to copy, a QR code to show someone, and plain
// share links. Ordinary URLs only: no script, button or image is loaded from those sites, and
// nothing is sent to them unless the signer follows a link.
import type { PageContext } from '../../../ui/context.ts';

export interface ShareTarget {
  /** The petition's public address, absolute. */
  url: string;
  title: string;
  /** The QR code of the address, as an SVG data URI. */
  qr: string;
}

export const shareLinks = (url: string, title: string) => {
  const u = encodeURIComponent(url);
  const text = encodeURIComponent(title);
  return [
    ['Telegram', `https://t.me/share/url?url=${u}&text=${text}`],
    ['WhatsApp', `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}`],
    ['VK', `https://vk.com/share.php?url=${u}&title=${text}`],
    ['Facebook', `https://www.facebook.com/sharer/sharer.php?u=${u}`],
  ] as const;
};

export function SharePetition({ ctx, share }: { ctx: PageContext; share: ShareTarget }) {
  const { t } = ctx;
  return (
    <section class="share" aria-labelledby="share-title">
      <h2 id="share-title">{t('petition.share.title')}</h2>
      <div class="field">
        <label for="share-url">{t('petition.share.link')}</label>
        <textarea id="share-url" rows={2} readOnly>
          {share.url}
        </textarea>
        <button type="button" class="button button--small button--secondary js-only" data-copy="share-url" hidden>
          {t('petition.share.copy')}
        </button>
      </div>
      <ul class="share__links">
        {shareLinks(share.url, share.title).map(([name, href]) => (
          <li>
            <a href={href} rel="noopener noreferrer">
              {t('petition.share.on', { site: name })}
            </a>
          </li>
        ))}
      </ul>
      <figure class="share__qr">
        <img src={share.qr} alt={t('petition.share.qr_alt')} width="160" height="160" />
        <figcaption>{t('petition.share.qr')}</figcaption>
      </figure>
    </section>
  );
}
