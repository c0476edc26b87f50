// The public face of src/core/mail: other modules import only from here.
export { COMMON_DOMAINS, isDisposableDomain, normaliseEmail } from './address.ts';
export type { MailMessage, MailService } from './mail.service.ts';
