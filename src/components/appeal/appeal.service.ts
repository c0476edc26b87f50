// Appeals to officials: the recipients directory (with CSV import), appeals that target a body,
// the officials of the supporter's region or named people, letters the supporter must make their
// own, three ways to send them (own mail app, the server after email confirmation, eOtinish), the
// count per channel, the 14-day "did you get a reply?" follow-up and each recipient's reply rate.
// This file is the service as the rest of the site sees it; each part lives in a file of its own.
import type { Db } from '../../db/database.ts';
import type { Config } from '../../config.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { MailService } from '../../core/mail/index.ts';
import type { AuditService, Staff } from '../../core/accounts/index.ts';
import type { CampaignsService } from '../../core/campaigns/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import type { IpHasher } from '../../core/privacy/index.ts';
import type { ResponsesService } from '../../responses/index.ts';
import type { SharedStore } from '../../db/shared-store.ts';
import type { UiLocale } from '../../i18n/locales.ts';
import type {
  AppealSummary,
  AppealView,
  Channel,
  ImportResult,
  LetterState,
  Recipient,
  ReplyRow,
  WriteInput,
} from './appeal.ts';
import { createAppealTargets } from './appeal-targets.ts';
import { createFollowUps } from './follow-ups.ts';
import { createLetters } from './letters.ts';
import { createRecipientsDirectory } from './recipients-directory.ts';
import { createSealedLetters } from './sealed-letters.ts';
import { registerAppealResponses } from './responses.ts';

export interface AppealsService {
  listRecipients(opts?: { body?: string; region?: string; currentOnly?: boolean }): Promise<Recipient[]>;
  getRecipient(id: string): Promise<Recipient>;
  saveRecipient(id: string | null, form: Record<string, string>, actor: Staff): Promise<Recipient>;
  importCsv(text: string, actor: Staff): Promise<ImportResult>;

  get(id: string): Promise<AppealView>;
  getPublic(id: string): Promise<AppealView>;
  summary(id: string): Promise<AppealSummary>;
  /** Who a letter goes to: the body's officials, those of the supporter's region, or the named people. */
  recipientsFor(appeal: AppealView, region?: string): Promise<Recipient[]>;
  setNamed(id: string, recipientIds: string[], actor: Staff): Promise<void>;
  replyTable(id: string): Promise<ReplyRow[]>;

  write(
    id: string,
    input: WriteInput,
    meta: { ip: string; locale: UiLocale },
  ): Promise<{ channel: Channel; token: string }>;
  inspectLetter(purpose: 'letter' | 'letter-confirm', token: string): Promise<LetterState>;
  /** mailto / eOtinish: the supporter says they sent it. */
  markSent(token: string): Promise<LetterState>;
  /** SMTP: the sender confirmed their address; the server sends the letter. */
  confirmAndSend(token: string): Promise<LetterState>;
  inspectReply(token: string): Promise<LetterState>;
  recordReplies(token: string, answers: Record<string, string>): Promise<LetterState>;

  followups(now?: Date): Promise<number>;
  maintain(now?: Date): Promise<{ expired: number; wiped: number }>;
}

/** What appeals use from the platform and the core modules. */
export interface AppealDeps {
  db: Db;
  config: Config;
  i18n: I18n;
  mail: MailService;
  audit: AuditService;
  campaigns: CampaignsService;
  regions: RegionsService;
  ipHasher: IpHasher;
  responses: Pick<ResponsesService, 'registerSubject' | 'registerOfficials' | 'forSubject'>;
  shared: SharedStore;
}

export function createAppealsService(deps: AppealDeps): AppealsService {
  const directory = createRecipientsDirectory(deps);
  const targets = createAppealTargets(deps, directory);
  const sealed = createSealedLetters(deps, targets.get);
  registerAppealResponses(deps.responses, deps.campaigns, targets.get, directory);
  return {
    ...directory,
    ...targets,
    ...createLetters(deps, targets, sealed),
    ...createFollowUps(deps, sealed),
  };
}
