// The public face of src/core/accounts: other modules import only from here.
export { can, requiresTwoFactor } from './accounts.permissions.ts';
export type { Action, CampaignOwnership } from './accounts.permissions.ts';
export type { AccountsService, SessionInfo } from './accounts.service.ts';
export { createAuditService } from './audit.service.ts';
export type { Actor, AuditService } from './audit.service.ts';
export { ROLES, isRole } from './roles.ts';
export type { Role, Staff } from './roles.ts';
export { DEVICE_COOKIE_DAYS } from './sign-in-guard.ts';
