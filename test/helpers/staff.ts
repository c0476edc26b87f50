// Signing staff in through the real forms, including the TOTP step.
import type { Services } from '../../src/boot.ts';
import { totpAt } from '../../src/core/accounts/credentials.ts';
import type { Role } from '../../src/core/accounts/roles.ts';
import type { TestApp } from './app.ts';
import { cookieFrom, csrfFrom, form } from './app.ts';

export const PASSWORD = 'correct horse battery staple';

export async function createStaff(
  services: Services,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@dauys.test`,
) {
  return services.accounts.createUser({ email, name: role, role, password: PASSWORD }, { system: 'test' });
}

export interface Signed {
  cookie: string;
  csrf: string;
  totpSecret?: string;
}

/** Signs in; roles that need two-factor enrol on first sign-in (TOTP secret read from the set-up page). */
export async function signIn(t: TestApp, email: string, opts: { totpSecret?: string } = {}): Promise<Signed> {
  const page = await t.app.inject('/en/admin/login');
  const res = await t.app.inject({
    method: 'POST',
    url: '/en/admin/login',
    ...form({ email, password: PASSWORD, _csrf: csrfFrom(page.body) }),
  });
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode}`);
  const cookie = cookieFrom(res);
  const headers = { cookie };
  let totpSecret = opts.totpSecret;
  if (String(res.headers.location).endsWith('/setup-2fa')) {
    const setup = await t.app.inject({ url: '/en/admin/setup-2fa', headers });
    totpSecret = /class="secret">([A-Z2-7 ]+)</.exec(setup.body)![1].replace(/ /g, '');
    const done = await t.app.inject({
      method: 'POST',
      url: '/en/admin/setup-2fa',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ code: totpAt(totpSecret, Date.now()), _csrf: csrfFrom(setup.body) }).toString(),
    });
    if (done.statusCode !== 200) throw new Error(`2FA setup failed: ${done.statusCode}`);
  } else if (String(res.headers.location).endsWith('/login/verify')) {
    const verify = await t.app.inject({ url: '/en/admin/login/verify', headers });
    // A fresh time step, so the code is not refused as a replay of the enrolment code.
    const code = totpAt(totpSecret!, Date.now() + 30_000);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/en/admin/login/verify',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ code, _csrf: csrfFrom(verify.body) }).toString(),
    });
    if (ok.statusCode !== 303) throw new Error(`2FA failed: ${ok.statusCode}`);
  }
  const admin = await t.app.inject({ url: '/en/admin', headers });
  if (admin.statusCode !== 200) throw new Error(`admin page: ${admin.statusCode} ${admin.headers.location}`);
  return { cookie, csrf: csrfFrom(admin.body), totpSecret };
}

export function post(t: TestApp, s: Signed, url: string, values: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: s.csrf, ...values }).toString(),
  });
}
