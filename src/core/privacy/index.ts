// The public face of src/core/privacy: other modules import only from here.
export type { IpHasher } from './ip-hash.service.ts';
export { createLinkTokens } from './link-tokens.ts';
export type { LinkTokens, TokenCheck, TokenPurpose } from './link-tokens.ts';
export { deriveKey, keyedHash, randomToken, safeEqual, secretBox } from './secret-box.ts';
export type { SecretBox } from './secret-box.ts';
