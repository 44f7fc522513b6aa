import { describe, expect, it } from 'vitest';
import { actorFromClaims, verifiedTokenCache } from '../../src/api/auth.ts';
import { canSeePrison } from '../../src/domain/actors.ts';

describe('reading an HMPPS Auth token', () => {
  it('takes roles from authorities, the user from user_name and the caseload from its claim', () => {
    expect(
      actorFromClaims(
        { user_name: 'jsmith', authorities: ['ROLE_PRISON_STAFF', 'ROLE_SOMETHING_ELSE'], caseloads: ['MDI', 'LEI'] },
        'caseloads',
      ),
    ).toEqual({
      username: 'jsmith',
      roles: ['PRISON_STAFF'],
      caseload: ['MDI', 'LEI'],
    });
  });
  it('accepts a comma-separated caseload and a client-credentials token', () => {
    expect(
      actorFromClaims(
        { client_id: 'court-feed', authorities: ['ROLE_COURT_RESULTS'], active_caseload: 'MDI, LEI' },
        'active_caseload',
      ),
    ).toEqual({
      username: 'court-feed',
      roles: ['COURT_RESULTS'],
      caseload: ['MDI', 'LEI'],
    });
  });
  it('never gives a token the internal role, nor the all-powerful SYSTEM role that once was', () => {
    const actor = actorFromClaims(
      { client_id: 'x', authorities: ['ROLE_RELEASE_GUARD', 'ROLE_SYSTEM', 'ROLE_PRISON_SYNC'] },
      'caseloads',
    );
    expect(actor.roles).toEqual(['PRISON_SYNC']);
  });
  it('confines prison roles to their caseload and lets national roles see every prison', () => {
    expect(canSeePrison({ username: 'a', roles: ['PRISON_STAFF'], caseload: ['MDI'] }, 'MDI')).toBe(true);
    expect(canSeePrison({ username: 'a', roles: ['PRISON_STAFF'], caseload: ['MDI'] }, 'LEI')).toBe(false);
    expect(canSeePrison({ username: 'a', roles: ['COURT_EXPERT'], caseload: [] }, 'LEI')).toBe(true);
    expect(canSeePrison({ username: 'a', roles: [], caseload: ['LEI'] }, 'LEI')).toBe(false);
  });
});

describe('remembering verified tokens', () => {
  const actor = { username: 'jsmith', roles: ['PRISON_STAFF' as const], caseload: ['MDI'] };
  const counting = (expiresAt: number, fails = new Set<string>()) => {
    const calls: string[] = [];
    const verify = async (token: string) => {
      calls.push(token);
      if (fails.has(token)) throw new Error('invalid signature');
      return { actor, expiresAt };
    };
    return { calls, verify };
  };

  it('checks a token once, then believes it until the time to live is up', async () => {
    let now = 1_000;
    const { calls, verify } = counting(1_000_000);
    const actorFor = verifiedTokenCache(verify, { ttlMs: 60_000, max: 10, now: () => now });
    expect(await actorFor('a')).toEqual(actor);
    await actorFor('a');
    expect(calls).toEqual(['a']);
    now += 60_000;
    await actorFor('a');
    expect(calls).toEqual(['a', 'a']);
  });

  it('never past the token’s own expiry', async () => {
    let now = 1_000;
    const { calls, verify } = counting(2_000);
    const actorFor = verifiedTokenCache(verify, { ttlMs: 60_000, max: 10, now: () => now });
    await actorFor('a');
    now = 2_000;
    await actorFor('a');
    expect(calls).toEqual(['a', 'a']);
  });

  it('keeps no failure: a bad token is checked, and refused, every time', async () => {
    const { calls, verify } = counting(1_000_000, new Set(['forged']));
    const actorFor = verifiedTokenCache(verify, { ttlMs: 60_000, max: 10, now: () => 1_000 });
    await expect(actorFor('forged')).rejects.toThrow('invalid signature');
    await expect(actorFor('forged')).rejects.toThrow('invalid signature');
    expect(calls).toEqual(['forged', 'forged']);
  });

  it('keeps at most `max`, dropping the oldest first', async () => {
    const { calls, verify } = counting(1_000_000);
    const actorFor = verifiedTokenCache(verify, { ttlMs: 60_000, max: 2, now: () => 1_000 });
    for (const t of ['a', 'b', 'c', 'b', 'a']) await actorFor(t);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('hands out an actor no request can change for the next', async () => {
    const { verify } = counting(1_000_000);
    const actorFor = verifiedTokenCache(verify, { ttlMs: 60_000, max: 10, now: () => 1_000 });
    const first = await actorFor('a');
    expect(() => first.caseload.push('LEI')).toThrow(TypeError);
    expect(() => (first.roles as string[]).push('COURT_EXPERT')).toThrow(TypeError);
    expect((await actorFor('a')).caseload).toEqual(['MDI']);
  });
});
