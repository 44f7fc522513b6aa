import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/pages.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * Sign-in as a security review expects: PKCE (S256) and a nonce on the authorisation-code flow,
 * both checked; no session row for a visitor who has not started signing in, and a short life for
 * one who started and never came back.
 */
let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ withWorker: false });
});
afterAll(() => sys?.stop());

const sessionRows = async () =>
  (
    await sys.stores.db.query<{ sid: string; expires_at: string }>(
      `SELECT sid, expires_at FROM web_sessions WHERE sid NOT LIKE 'submission:%'`,
    )
  ).length;
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('release-guard.session='))
    ?.split(';')[0] ?? '';

describe('signing in', () => {
  it('sends an S256 code challenge and a nonce, and the token exchange needs the matching code verifier', async () => {
    const started = await fetch(`${sys.baseUrl}/sign-in`, { redirect: 'manual' });
    const authorize = new URL(started.headers.get('location')!);
    const params = Object.fromEntries(authorize.searchParams);
    expect(params).toMatchObject({
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{32,}$/),
    });
    // The persona picker issues a code for this challenge; exchanging it without the verifier is refused.
    const chosen = await fetch(`${sys.baseUrl}/test-auth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        persona: 'mdi-officer',
        client_id: params.client_id!,
        redirect_uri: params.redirect_uri!,
        state: params.state!,
        code_challenge: params.code_challenge!,
        nonce: params.nonce!,
      }).toString(),
    });
    const code = new URL(chosen.headers.get('location')!).searchParams.get('code')!;
    const exchange = (verifier?: string) =>
      fetch(`${sys.baseUrl}/test-auth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('release-guard-test:test-client-secret').toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: params.redirect_uri!,
          ...(verifier ? { code_verifier: verifier } : {}),
        }).toString(),
      });
    expect((await exchange('a-verifier-that-is-not-the-one-this-sign-in-made-0000')).status).toBe(400);
    // A code is single-use whatever happens, so a guessed verifier cannot be tried again on it.
    expect((await exchange()).status).toBe(400);
  });

  it('refuses a code that another browser’s sign-in was issued: its verifier is not this browser’s', async () => {
    const start = async () => {
      const res = await fetch(`${sys.baseUrl}/sign-in`, { redirect: 'manual' });
      return { cookie: cookieOf(res), params: Object.fromEntries(new URL(res.headers.get('location')!).searchParams) };
    };
    const victim = await start();
    const attacker = await start();
    // The attacker signs in as themself at HMPPS Auth and slips their code into the victim's callback, with the victim's state.
    const chosen = await fetch(`${sys.baseUrl}/test-auth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        persona: 'lead',
        client_id: attacker.params.client_id!,
        redirect_uri: attacker.params.redirect_uri!,
        state: attacker.params.state!,
        code_challenge: attacker.params.code_challenge!,
        nonce: attacker.params.nonce!,
      }).toString(),
    });
    const code = new URL(chosen.headers.get('location')!).searchParams.get('code')!;
    const callback = await fetch(`${sys.baseUrl}/sign-in/callback?code=${code}&state=${victim.params.state}`, {
      redirect: 'manual',
      headers: { cookie: victim.cookie },
    });
    expect(callback.status).toBe(401);
  });

  it('writes no session for a visitor who has not started to sign in, and gives an unfinished sign-in minutes, a finished one the day', async () => {
    const before = await sessionRows();
    for (const path of ['/', '/queue', '/release-check', '/signed-out'])
      await fetch(`${sys.baseUrl}${path}`, { redirect: 'manual' });
    expect(await sessionRows()).toBe(before);

    const started = await fetch(`${sys.baseUrl}/sign-in`, { redirect: 'manual' });
    const sid = decodeURIComponent(cookieOf(started).split('=')[1]!).replace(/^s:/, '').split('.')[0]!;
    const [row] = await sys.stores.db.query<{ expires_at: string }>(
      'SELECT expires_at FROM web_sessions WHERE sid = $1',
      [sid],
    );
    expect(Date.parse(row!.expires_at) - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const officer = await signedIn(sys, 'mdi-officer');
    const signedSid = decodeURIComponent(officer.cookie().split('=')[1]!).replace(/^s:/, '').split('.')[0]!;
    const [session] = await sys.stores.db.query<{ expires_at: string }>(
      'SELECT expires_at FROM web_sessions WHERE sid = $1',
      [signedSid],
    );
    expect(Date.parse(session!.expires_at) - Date.now()).toBeGreaterThan(7 * 3_600_000);
  });
});
