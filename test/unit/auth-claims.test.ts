import { describe, expect, it } from 'vitest';
import { actorFromClaims } from '../../api/auth.ts';
import { canSeePrison } from '../../domain/actors.ts';

describe('reading an HMPPS Auth token', () => {
  it('takes roles from authorities, the user from user_name and the caseload from its claim', () => {
    expect(actorFromClaims({ user_name: 'jsmith', authorities: ['ROLE_PRISON_STAFF', 'ROLE_SOMETHING_ELSE'], caseloads: ['MDI', 'LEI'] }, 'caseloads')).toEqual({
      username: 'jsmith',
      roles: ['PRISON_STAFF'],
      caseload: ['MDI', 'LEI'],
    });
  });
  it('accepts a comma-separated caseload and a client-credentials token', () => {
    expect(actorFromClaims({ client_id: 'court-feed', authorities: ['ROLE_COURT_RESULTS'], active_caseload: 'MDI, LEI' }, 'active_caseload')).toEqual({
      username: 'court-feed',
      roles: ['COURT_RESULTS'],
      caseload: ['MDI', 'LEI'],
    });
  });
  it('never gives a token the internal role, nor the all-powerful SYSTEM role that once was', () => {
    const actor = actorFromClaims({ client_id: 'x', authorities: ['ROLE_RELEASE_GUARD', 'ROLE_SYSTEM', 'ROLE_PRISON_SYNC'] }, 'caseloads');
    expect(actor.roles).toEqual(['PRISON_SYNC']);
  });
  it('confines prison roles to their caseload and lets national roles see every prison', () => {
    expect(canSeePrison({ username: 'a', roles: ['PRISON_STAFF'], caseload: ['MDI'] }, 'MDI')).toBe(true);
    expect(canSeePrison({ username: 'a', roles: ['PRISON_STAFF'], caseload: ['MDI'] }, 'LEI')).toBe(false);
    expect(canSeePrison({ username: 'a', roles: ['COURT_EXPERT'], caseload: [] }, 'LEI')).toBe(true);
    expect(canSeePrison({ username: 'a', roles: [], caseload: ['LEI'] }, 'LEI')).toBe(false);
  });
});
