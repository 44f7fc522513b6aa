import type { EscalationLevel } from '../escalation/ladder.ts';
import type { Contacts } from './policy.ts';

/** Who hears of a query at each level of its ladder. */
export const LEVEL_AUDIENCE: Record<EscalationLevel, string> = {
  1: 'assignee and unit queue',
  2: 'team leader',
  3: 'unit head and duty governor',
};

export interface AlertContext {
  prisonCode: string;
  assignee?: string;
}

export function staffEmail(contacts: Contacts, username: string): string {
  return contacts.staffEmailTemplate.replace('{username}', username.toLowerCase());
}

/** Who hears at each level. Levels are cumulative, so nobody below drops out as the alert climbs. */
export function recipientsFor(level: EscalationLevel, contacts: Contacts, context: AlertContext): string[] {
  const recipients = [contacts.unitQueue];
  if (context.assignee) recipients.push(staffEmail(contacts, context.assignee));
  if (level >= 2) recipients.push(contacts.teamLeader);
  if (level >= 3)
    recipients.push(contacts.unitHead, contacts.dutyGovernorTemplate.replace('{prisonCode}', context.prisonCode));
  return recipients;
}
