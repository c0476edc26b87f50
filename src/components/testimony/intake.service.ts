// A testimony arriving: sealed in her browser, or — without JavaScript — sealed by the server on
// arrival, with her receipt made and its keys derived in memory as her browser would have; then the
// help to show her. Her files are received only once what came before them has passed its checks.
import { fail, ValidationError } from '../../core/errors.ts';
import type { HelpEntry, HelpService } from '../../help/index.ts';
import { langTag, type UiLocale } from '../../i18n/locales.ts';
import { sealUploads, type Upload } from './attachments.server.ts';
import { fromB64, isPublicKey, newReceipt, ready, seal } from './crypto.ts';
import { validateIntake, type IntakeFields } from './intake.validation.ts';
import type { KeysService } from './keys.service.ts';
import type { Pow } from './pow.ts';
import { isLookup, type ReceiptHasher } from './receipt.server.ts';
import type { FileData } from './case-store.ts';
import type { SurvivorCases } from './survivor.service.ts';
import { CONSENTS, type Consent, type OrgKey, type TestimonyPayload } from './testimony.ts';

/** Hands her files to `use` when called; until then not a byte of them is read. */
export type ReceiveFiles<F> = <T>(use: (files: F[]) => Promise<T>) => Promise<T>;

/** What her browser sent besides the files: everything she wrote is in the sealed envelope. */
export interface SealedIntake {
  componentId: string | null;
  orgKeyId: string;
  lookup: string;
  survivorPk: string;
  envelope: string;
  consent: string;
  referralOk: boolean;
}

/** The no-JavaScript form: her answers in clear, for the server to check and seal. */
export interface FormIntake {
  componentId: string | null;
  fields: IntakeFields;
  /** The needs she ticked. */
  help: string[];
  locale: UiLocale;
}

export interface IntakeService {
  /** What the form needs: a campaign's call (null for the standing intake), the key to seal to, a fresh proof of work. */
  formFor(
    componentId: string | null,
    locale: UiLocale,
  ): Promise<{ call: string | null; orgKey: OrgKey | null; powChallenge: string }>;
  /**
   * Stores what her browser sealed. The whole directory comes back: her browser shows what matches,
   * so the server learns neither her region nor her needs.
   */
  submitSealed(s: SealedIntake, receiveFiles: ReceiveFiles<FileData>): Promise<{ help: HelpEntry[] }>;
  /**
   * Checks her answers (a ValidationError names what to correct), then receives her files, seals
   * everything to the organisation key and stores it. Her receipt is made here and never stored;
   * the help listed matches her region and needs. A filled-in honeypot gets a convincing answer and
   * nothing is stored.
   */
  submitForm(f: FormIntake, receiveFiles: ReceiveFiles<Upload>): Promise<{ receipt: string; help: HelpEntry[] }>;
}

export function createIntakeService(deps: {
  cases: Pick<SurvivorCases, 'submit'>;
  keys: Pick<KeysService, 'activeKey'>;
  pow: Pick<Pow, 'challenge'>;
  hasher: Pick<ReceiptHasher, 'keysFromReceipt'>;
  help: Pick<HelpService, 'search' | 'forSurvivor'>;
  isRegion: (code: string) => boolean;
  /** A published testimony component's call ('' when it has none), undefined when there is no such component. */
  callFor: (componentId: string, locale: UiLocale) => Promise<string | undefined>;
}): IntakeService {
  const { cases, keys, pow, hasher, help } = deps;
  return {
    async formFor(componentId, locale) {
      let call: string | null = null;
      if (componentId) {
        const c = await deps.callFor(componentId, locale);
        if (c === undefined) throw fail('COMPONENT_NOT_FOUND');
        call = c;
      }
      const orgKey = await keys.activeKey();
      return { call, orgKey, powChallenge: await pow.challenge() };
    },

    async submitSealed(s, receiveFiles) {
      if (!isLookup(s.lookup) || !isPublicKey(s.survivorPk) || !(CONSENTS as readonly string[]).includes(s.consent))
        throw fail('TESTIMONY_BAD_CIPHERTEXT');
      await receiveFiles((files) =>
        cases.submit({
          componentId: s.componentId,
          orgKeyId: s.orgKeyId,
          lookup: s.lookup,
          survivorPk: s.survivorPk,
          envelope: s.envelope,
          consent: s.consent as Consent,
          referralOk: s.referralOk,
          files,
          mode: 'browser',
        }),
      );
      return { help: await help.search({ limit: 500 }) };
    },

    async submitForm(f, receiveFiles) {
      if (f.fields.website) return { receipt: newReceipt(await ready()), help: await help.forSurvivor(null, []) };
      const key = await keys.activeKey();
      if (!key) throw fail('TESTIMONY_CLOSED');
      const { payload, errors } = validateIntake(f.fields, f.help, deps.isRegion);
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const receipt = await receiveFiles(async (uploads) => {
        const files = await sealUploads(uploads);
        const s = await ready();
        const receipt = newReceipt(s);
        const keysOf = await hasher.keysFromReceipt(receipt);
        const full: TestimonyPayload = { ...payload, lang: langTag(f.locale), files: files.refs };
        await cases.submit({
          componentId: f.componentId,
          orgKeyId: key.id,
          lookup: keysOf.lookup,
          survivorPk: s.to_base64(keysOf.publicKey, s.base64_variants.URLSAFE_NO_PADDING),
          envelope: seal(JSON.stringify(full), fromB64(key.publicKey), s),
          consent: payload.consent,
          referralOk: payload.referral,
          files: files.data,
          mode: 'server',
        });
        return receipt;
      });
      return { receipt, help: await help.forSurvivor(payload.region, payload.help) };
    },
  };
}
