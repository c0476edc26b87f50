// Key management for staff: her personal key, the organisation key (made, rotated and granted in
// the browser), and who holds it — with the order of the three set-up steps and which are done.
import type { Staff } from '../../../core/accounts/index.ts';
import { formatPartialDate } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { CsrfField } from '../../../ui/widgets/forms.tsx';
import { Table } from '../../../ui/widgets/table.tsx';
import { Layout } from '../../../ui/layout.tsx';
import type { KeyHolder, KeyProgress, KeyRing } from '../testimony.ts';
import { CaseNav, CaseworkScript, Json } from './casework-parts.tsx';

interface Step {
  id: string;
  anchor: string;
  labelKey: string;
  done: boolean;
  noteKey?: string;
  values?: Record<string, number>;
}

/** The three steps in order, each with its state; a caseworker's third step is an admin's grant to her. */
function steps(ring: KeyRing, progress: KeyProgress, manage: boolean): Step[] {
  const active = ring.orgKeys.find((k) => k.status === 'active');
  return [
    { id: 'personal', anchor: 'key-personal', labelKey: 'testimony.keys.step.personal', done: !!ring.own },
    { id: 'org', anchor: 'key-org', labelKey: 'testimony.keys.step.org', done: progress.orgKey },
    manage
      ? {
          id: 'grants',
          anchor: 'key-holders',
          labelKey: 'testimony.keys.step.grants',
          done: progress.orgKey && progress.granted === progress.handlers,
          noteKey: 'testimony.setup.grants.note',
          values: {
            granted: progress.granted,
            total: progress.handlers,
            missing: progress.handlers - progress.withKey,
          },
        }
      : { id: 'grants', anchor: 'key-org', labelKey: 'testimony.keys.step.granted_me', done: !!active?.grant },
  ];
}

function Steps({ ctx, list }: { ctx: PageContext; list: Step[] }) {
  const { t } = ctx;
  return (
    <section class="key-steps" aria-labelledby="key-steps-title">
      <h2 id="key-steps-title">{t('testimony.keys.steps_title')}</h2>
      <ol>
        {list.map((step) => (
          <li data-key-step={step.id} data-done={step.done ? '1' : '0'}>
            <a href={`#${step.anchor}`}>{t(step.labelKey)}</a>{' '}
            <span class={step.done ? 'badge badge--live' : 'badge badge--draft'}>
              {t(step.done ? 'setup.done' : 'setup.not_done')}
            </span>
            {step.noteKey ? <p class="hint">{t(step.noteKey, step.values)}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function KeysPage({
  ctx,
  progress,
  ring,
  holders,
  staff,
  manage,
}: {
  ctx: PageContext;
  progress: KeyProgress;
  ring: KeyRing;
  holders: KeyHolder[];
  staff: Staff[];
  manage: boolean;
}) {
  const { t, locale } = ctx;
  const active = ring.orgKeys.find((k) => k.status === 'active');
  const name = (id: string) => staff.find((s) => s.id === id);
  return (
    <Layout ctx={ctx} title={t('testimony.keys.title')} admin>
      <h1>{t('testimony.keys.title')}</h1>
      <CaseNav ctx={ctx} />
      <p>{t('testimony.keys.lead')}</p>
      <noscript>
        <p class="notice notice--urgent">{t('testimony.admin.needs_js')}</p>
      </noscript>
      <div data-keys="" data-csrf={ctx.csrf} data-base={`/${locale}/admin/testimony-keys`}>
        <Json id="keyring" value={ring} />
        <Json id="holders" value={holders} />
        <p role="status" aria-live="polite" data-keys-status=""></p>
        <Steps ctx={ctx} list={steps(ring, progress, manage)} />
        <section id="key-personal">
          <h2>{t('testimony.keys.personal')}</h2>
          <p>{ring.own ? t('testimony.keys.personal_exists') : t('testimony.keys.personal_none')}</p>
          <form data-key-action="personal" class="narrow">
            <div class="field">
              <label for="new-pass">{t('testimony.keys.new_passphrase')}</label>
              <p class="hint">{t('testimony.keys.passphrase_hint')}</p>
              <input id="new-pass" type="password" autocomplete="new-password" minLength={12} data-new-pass="" />
            </div>
            <div class="field">
              <label for="new-pass2">{t('testimony.keys.repeat_passphrase')}</label>
              <input id="new-pass2" type="password" autocomplete="new-password" data-new-pass2="" />
            </div>
            <button class="button" type="submit">
              {ring.own ? t('testimony.keys.replace_personal') : t('testimony.keys.create_personal')}
            </button>
          </form>
        </section>
        <section id="key-org">
          <h2>{t('testimony.keys.org')}</h2>
          {active ? (
            <p>
              {t('testimony.keys.org_active', {
                date: formatPartialDate(active.createdAt.slice(0, 10), locale),
                count: ring.orgKeys.length,
              })}
              {active.grant ? '' : ` ${t('testimony.keys.no_grant')}`}
            </p>
          ) : (
            <p>{t('testimony.keys.org_none')}</p>
          )}
          {manage && ring.own ? (
            <>
              {/* Her own passphrase opens her personal key, which opens the organisation key. Once her key
                  is open in this tab (the script knows), the box is hidden and says so instead. */}
              <div class="field narrow" data-pass-field="">
                <label for="unlock-pass">{t('testimony.keys.passphrase')}</label>
                <p class="hint" id="unlock-pass-hint">
                  {t('testimony.keys.passphrase_own')}
                </p>
                <input
                  id="unlock-pass"
                  type="password"
                  autocomplete="current-password"
                  aria-describedby="unlock-pass-hint"
                  data-pass=""
                />
              </div>
              <p data-pass-open="" hidden>
                {t('testimony.keys.unlocked')}{' '}
                <button type="button" class="linklike" data-keys-lock="">
                  {t('testimony.keys.lock')}
                </button>
              </p>
              {!active ? (
                <button class="button" type="button" data-key-action="create-org">
                  {t('testimony.keys.create_org')}
                </button>
              ) : (
                <button class="button button--secondary" type="button" data-key-action="rotate">
                  {t('testimony.keys.rotate')}
                </button>
              )}
            </>
          ) : null}
        </section>
        {manage ? (
          <section id="key-holders">
            <h2>{t('testimony.keys.holders')}</h2>
            <Table head={[t('users.name'), t('users.role'), t('testimony.keys.access'), t('users.actions')]}>
              {holders.map((h) => (
                <tr>
                  <td>{name(h.userId)?.name ?? '—'}</td>
                  <td>{name(h.userId) ? t(`role.${name(h.userId)!.role}`) : '—'}</td>
                  <td>{h.granted ? t('testimony.keys.granted') : t('testimony.keys.not_granted')}</td>
                  <td>
                    {!h.granted && active ? (
                      <button
                        class="button button--small"
                        type="button"
                        data-key-action="grant"
                        data-user={h.userId}
                        data-user-key={h.publicKey}
                      >
                        {t('testimony.keys.grant')}
                      </button>
                    ) : null}{' '}
                    {h.granted && h.userId !== ctx.staff?.id ? (
                      <form method="post" action={`/${locale}/admin/testimony-keys/revoke`} class="inline">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="user" value={h.userId} />
                        <button class="button button--small button--secondary" type="submit">
                          {t('testimony.keys.revoke')}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
            <p class="hint">{t('testimony.keys.revoke_hint')}</p>
          </section>
        ) : null}
      </div>
      <CaseworkScript ctx={ctx} />
    </Layout>
  );
}
