// The no-JavaScript form, checked like the browser checks it before encrypting.
import { isNeed } from '../../help/index.ts';
import { CONSENTS, LIMITS, POLICE, RELATIONSHIPS, type Consent, type TestimonyPayload } from './testimony.ts';

/** Her answers as the form sent them, by field name. */
export type IntakeFields = Record<string, string>;

export function validateIntake(
  form: IntakeFields,
  help: string[],
  regions: (c: string) => boolean,
): { payload: Omit<TestimonyPayload, 'files' | 'lang'>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const story = (form.story ?? '').trim();
  if (!story) errors.story = 'testimony.error.story_required';
  else if (story.length > LIMITS.story) errors.story = 'form.error.too_long';
  const consent = form.consent as Consent;
  if (!(CONSENTS as readonly string[]).includes(consent)) errors.consent = 'testimony.error.consent_required';
  const month = form.when_month ? Number(form.when_month) : null;
  const year = form.when_year ? Number(form.when_year) : null;
  const thisYear = new Date().getUTCFullYear();
  if (
    (month !== null && !(Number.isInteger(month) && month >= 1 && month <= 12)) ||
    (year !== null && !(Number.isInteger(year) && year >= 1950 && year <= thisYear))
  )
    errors.when_year = 'form.error.choice';
  const region = form.region && regions(form.region) ? form.region : null;
  if (form.region && !region) errors.region = 'form.error.choice';
  for (const [k, max] of [
    ['city', LIMITS.city],
    ['since', LIMITS.since],
    ['contact', LIMITS.contact],
    ['when_note', LIMITS.whenNote],
  ] as const)
    if ((form[k] ?? '').length > max) errors[k] = 'form.error.too_long';
  const relationship = (RELATIONSHIPS as readonly string[]).includes(form.relationship)
    ? (form.relationship as TestimonyPayload['relationship'])
    : 'unsaid';
  const police = (POLICE as readonly string[]).includes(form.police)
    ? (form.police as TestimonyPayload['police'])
    : 'unsaid';
  return {
    payload: {
      v: 1,
      story,
      when: { month, year, note: (form.when_note ?? '').trim() },
      region,
      city: (form.city ?? '').trim(),
      relationship,
      police,
      since: (form.since ?? '').trim(),
      help: [...new Set(help.filter(isNeed))],
      consent,
      referral: !!form.referral,
      contact: (form.contact ?? '').trim(),
    },
    errors,
  };
}
