// The one catalogue of errors a user can meet: a stable code, the kind of failure and the message
// key shown. Domain code throws these by code; only the HTTP layer turns a kind into a status code
// (http/errors.ts), and the command line turns the message key into a sentence.

/** What went wrong, in the domain's words (not HTTP's). */
export type ErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'too_many' | 'busy';

type Spec = readonly [kind: ErrorKind, messageKey: string];

export const ERRORS = {
  // Generic
  BAD_REQUEST: ['invalid', 'error.400.text'],
  FORBIDDEN: ['forbidden', 'error.403.text'],
  NOT_FOUND: ['not_found', 'error.404.text'],
  CONFLICT: ['conflict', 'error.409.text'],
  VALIDATION_FAILED: ['invalid', 'form.errors.summary'],
  CSRF_REJECTED: ['forbidden', 'error.csrf.text'],
  STAFF_SESSION_REQUIRED: ['forbidden', 'error.csrf.text'],
  ASSET_NOT_FOUND: ['not_found', 'error.404.text'],
  RATE_LIMITED: ['too_many', 'error.429.text'],
  // Uploads (http/multipart.ts): the generic messages, and the testimony form's own words
  UPLOAD_TOO_LARGE: ['too_large', 'error.413.text'],
  UPLOAD_TOO_MANY: ['invalid', 'error.upload.too_many'],
  UPLOAD_TRUNCATED: ['invalid', 'error.upload.truncated'],
  UPLOAD_BUSY: ['busy', 'error.upload.busy'],
  UPLOAD_TESTIMONY_TOO_LARGE: ['too_large', 'testimony.error.too_large'],
  UPLOAD_TESTIMONY_TOO_MANY: ['invalid', 'testimony.error.too_many_files'],
  UPLOAD_TESTIMONY_TRUNCATED: ['invalid', 'testimony.error.truncated'],
  UPLOAD_RESPONSE_TOO_LARGE: ['too_large', 'response.error.document_too_large'],
  // Staff accounts
  LOGIN_RATE_LIMITED: ['too_many', 'login.error.rate_limited'],
  SECOND_FACTOR_RATE_LIMITED: ['too_many', 'login.verify.rate_limited'],
  // Campaigns and their components
  CAMPAIGN_NOT_FOUND: ['not_found', 'campaign.error.not_found'],
  CAMPAIGN_EDITED_ELSEWHERE: ['conflict', 'campaign.error.version_conflict'],
  COMPONENT_NOT_FOUND: ['not_found', 'error.404.text'],
  COMPONENT_TYPE_NOT_FOUND: ['not_found', 'error.404.text'],
  BAD_STATUS: ['invalid', 'form.error.choice'],
  BAD_ACTION: ['invalid', 'form.error.choice'],
  // Petitions
  PETITION_NOT_FOUND: ['not_found', 'petition.error.not_found'],
  PETITION_CLOSED: ['conflict', 'petition.error.closed'],
  PETITION_CHANGED: ['conflict', 'error.409.text'],
  PETITION_RATE_LIMITED: ['too_many', 'petition.error.too_many'],
  // Appeals
  APPEAL_NOT_FOUND: ['not_found', 'appeal.error.not_found'],
  APPEAL_CLOSED: ['conflict', 'appeal.error.closed'],
  APPEAL_RATE_LIMITED: ['too_many', 'appeal.error.too_many'],
  SENDER_LIMIT: ['too_many', 'appeal.error.sender_limit'],
  // Officials' responses
  RESPONSE_NOT_FOUND: ['not_found', 'error.404.text'],
  RESPONSE_EDITED_ELSEWHERE: ['conflict', 'error.409.text'],
  // Help directory
  HELP_SERVICE_NOT_FOUND: ['not_found', 'error.404.text'],
  HELP_EDITED_ELSEWHERE: ['conflict', 'help.error.version_conflict'],
  // Observatory
  OBSERVATORY_NOT_FOUND: ['not_found', 'observatory.error.not_found'],
  OBSERVATORY_LINK_NOT_FOUND: ['not_found', 'observatory.error.not_found'],
  OBSERVATORY_KIND_NOT_FOUND: ['not_found', 'observatory.error.not_found'],
  OBSERVATORY_EDITED_ELSEWHERE: ['conflict', 'observatory.error.version_conflict'],
  OBSERVATORY_NO_PENDING: ['conflict', 'observatory.error.no_pending'],
  OBSERVATORY_PENDING: ['conflict', 'observatory.error.pending_exists'],
  EXPORT_NOT_FOUND: ['not_found', 'observatory.api.error.export'],
  BAD_QUERY_RANGE: ['invalid', 'observatory.api.error.range'],
  BAD_QUERY_REGION: ['invalid', 'observatory.error.region'],
  BAD_QUERY_KIND: ['invalid', 'observatory.api.error.kind'],
  BAD_QUERY_CAMPAIGN: ['invalid', 'observatory.api.error.campaign'],
  BAD_QUERY_ORDER: ['invalid', 'observatory.api.error.order'],
  BAD_QUERY_LAYER: ['invalid', 'observatory.api.error.layer'],
  // Monitor
  HASHTAG_NOT_FOUND: ['not_found', 'monitor.error.hashtag'],
  MONITOR_UPLOAD_TOO_LARGE: ['too_large', 'monitor.upload.error.too_large'],
  MONITOR_UPLOAD_NOT_FOUND: ['not_found', 'error.404.text'],
  // Coordination analyses
  COORDINATION_RUN_NOT_FOUND: ['not_found', 'coordination.error.run_not_found'],
  COORDINATION_CLUSTER_NOT_FOUND: ['not_found', 'coordination.error.cluster_not_found'],
  COORDINATION_RUN_ACTIVE: ['conflict', 'coordination.error.run_active'],
  COORDINATION_BAD_TYPE: ['invalid', 'coordination.error.type'],
  COORDINATION_BAD_WINDOW: ['invalid', 'coordination.error.window'],
  COORDINATION_BAD_SCOPE: ['invalid', 'coordination.error.scope'],
  // Testimonies
  TESTIMONY_NOT_FOUND: ['not_found', 'testimony.error.not_found'],
  TESTIMONY_CLOSED: ['conflict', 'testimony.closed'],
  TESTIMONY_RATE_LIMITED: ['too_many', 'testimony.error.rate_limited'],
  TESTIMONY_TOO_LARGE: ['too_large', 'testimony.error.too_large'],
  TESTIMONY_TOO_MANY_FILES: ['invalid', 'testimony.error.too_many_files'],
  TESTIMONY_BAD_CIPHERTEXT: ['invalid', 'testimony.error.bad_ciphertext'],
  TESTIMONY_REPLAYED: ['conflict', 'testimony.error.replayed'],
  TESTIMONY_UNKNOWN_KEY: ['conflict', 'testimony.error.stale_form'],
  TESTIMONY_POW: ['invalid', 'testimony.error.stale_form'],
  FILE_NOT_FOUND: ['not_found', 'testimony.error.not_found'],
  DRAFT_NOT_FOUND: ['not_found', 'testimony.error.not_found'],
  DRAFT_DECIDED: ['conflict', 'testimony.error.draft_decided'],
  DRAFT_MISMATCH: ['conflict', 'testimony.error.draft_mismatch'],
  NO_PUBLISH_CONSENT: ['forbidden', 'testimony.error.no_publish_consent'],
  NO_STATS_CONSENT: ['forbidden', 'testimony.error.no_stats_consent'],
  REFERRAL_NOT_CONSENTED: ['forbidden', 'testimony.error.no_referral_consent'],
  REFERRAL_SERVICE_REQUIRED: ['invalid', 'testimony.error.choose_service'],
  REFER_FIRST: ['invalid', 'testimony.error.refer_first'],
  BAD_PROMOTION: ['invalid', 'testimony.error.promotion'],
  BAD_TAGS: ['invalid', 'testimony.error.tags'],
  BAD_STATS: ['invalid', 'form.error.invalid'],
  BAD_STATE: ['invalid', 'form.error.choice'],
  BAD_PRIORITY: ['invalid', 'form.error.choice'],
  BAD_ASSIGNEE: ['invalid', 'form.error.choice'],
  // Testimony keys
  NO_ORG_KEY: ['conflict', 'testimony.keys.error.none'],
  ORG_KEY_EXISTS: ['conflict', 'testimony.keys.error.exists'],
  NO_PERSONAL_KEY: ['conflict', 'testimony.keys.error.no_personal_key'],
  BAD_GRANTS: ['invalid', 'testimony.keys.error.bad_key'],
  BAD_GRANT: ['invalid', 'testimony.keys.error.bad_key'],
  BAD_STAFF_KEY: ['invalid', 'testimony.keys.error.bad_key'],
  BAD_ORG_KEY: ['invalid', 'testimony.keys.error.bad_key'],
  BAD_ROTATION: ['invalid', 'testimony.keys.error.bad_key'],
  ROTATION_WITHOUT_SELF: ['invalid', 'testimony.keys.error.bad_key'],
  GRANT_WITHOUT_KEY: ['invalid', 'testimony.keys.error.bad_key'],
  GRANT_NOT_ALLOWED: ['invalid', 'testimony.keys.error.bad_key'],
  // Ledger books (money in and out, bank events, corrections, campaign figures)
  LEDGER_PENDING_NOT_FOUND: ['not_found', 'ledger.error.pending_not_found'],
  LEDGER_ENTRY_NOT_FOUND: ['not_found', 'ledger.error.entry_not_found'],
  LEDGER_ALREADY_DECIDED: ['conflict', 'ledger.error.already_decided'],
  LEDGER_SELF_APPROVAL: ['forbidden', 'ledger.error.self_approval'],
  LEDGER_ALREADY_REVERSED: ['conflict', 'ledger.error.already_reversed'],
  LEDGER_CORRECTS_CORRECTION: ['invalid', 'ledger.error.corrects_correction'],
  LEDGER_CORRECTS_MISSING: ['invalid', 'ledger.error.corrects_missing'],
  LEDGER_BAD_RECEIPT: ['invalid', 'ledger.error.bad_receipt'],
  LEDGER_FIGURE_NOT_FOUND: ['not_found', 'ledger.error.figure_not_found'],
  // Backups (src/backup): each says what to do next
  BACKUP_NOT_AN_ARCHIVE: ['invalid', 'backup.error.not_an_archive'],
  BACKUP_NEWER_FORMAT: ['invalid', 'backup.error.newer_format'],
  BACKUP_WRONG_PASSPHRASE: ['forbidden', 'backup.error.wrong_passphrase'],
  BACKUP_DAMAGED: ['invalid', 'backup.error.damaged'],
  BACKUP_TRUNCATED: ['invalid', 'backup.error.truncated'],
  BACKUP_NEWER_VERSION: ['conflict', 'backup.error.newer_version'],
  BACKUP_TARGET_AHEAD: ['conflict', 'backup.error.target_ahead'],
  BACKUP_TARGET_NOT_EMPTY: ['conflict', 'backup.error.target_not_empty'],
  BACKUP_UPLOADS_NOT_EMPTY: ['conflict', 'backup.error.uploads_not_empty'],
  BACKUP_LOAD_FAILED: ['invalid', 'backup.error.load_failed'],
  BACKUP_MEMORY_DATABASE: ['invalid', 'backup.error.memory_database'],
  BACKUP_OTHER_SECRET: ['conflict', 'backup.error.other_secret'],
  BACKUP_NO_PASSPHRASE: ['invalid', 'backup.error.no_passphrase'],
  BACKUP_SHORT_PASSPHRASE: ['invalid', 'backup.error.short_passphrase'],
} as const satisfies Record<string, Spec>;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorValues = Record<string, string | number>;

/** An error a user may see: its code says everything; values fill the message. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly messageKey: string;
  constructor(
    readonly code: ErrorCode,
    readonly values: ErrorValues = {},
  ) {
    super(code);
    this.name = 'AppError';
    [this.kind, this.messageKey] = ERRORS[code];
  }
}

export const fail = (code: ErrorCode, values?: ErrorValues) => new AppError(code, values);
export const forbidden = (code: ErrorCode = 'FORBIDDEN') => new AppError(code);
export const notFound = (code: ErrorCode = 'NOT_FOUND') => new AppError(code);
/** How long to wait is required: it goes into Retry-After, and every "too many" message shows it. */
export const tooMany = (code: ErrorCode, seconds: number) => new AppError(code, { seconds });

/** Field-level validation problems, re-shown next to the form fields. Keys are message keys. */
export class ValidationError extends AppError {
  constructor(readonly fields: Record<string, string>) {
    super('VALIDATION_FAILED');
    this.name = 'ValidationError';
  }
}

// A reference record (data/reference/) that does not pass validation: which record, and each field's
// problem as a message key, so the command line can say it in words.
export class ReferenceDataError extends Error {
  constructor(
    readonly record: string,
    readonly fields: Record<string, string>,
  ) {
    super(`${record} is invalid: ${JSON.stringify(fields)}`);
    this.name = 'ReferenceDataError';
  }
}
