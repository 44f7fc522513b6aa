import { defineSearchAttributeKey, type SearchAttributeType } from '@temporalio/common';

/**
 * Release Guard's typed search attributes, shared by workflows (which upsert them), the API (which
 * lists by them) and start-up (which registers them). Prefixed so they never collide on a shared cluster.
 */
export const SA = {
  status: defineSearchAttributeKey('RgStatus', 'KEYWORD'),
  prisonCode: defineSearchAttributeKey('RgPrisonCode', 'KEYWORD'),
  /**
   * No longer set: search attributes are unencrypted, and a prisoner number is personal data.
   * Workflows clear it on their next change; it stays registered so that they can.
   */
  prisonerNumber: defineSearchAttributeKey('RgPrisonerNumber', 'KEYWORD'),
  /** A keyed hash of the prisoner number, set at start by the service, to find a prisoner's cases. */
  personRef: defineSearchAttributeKey('RgPersonRef', 'KEYWORD'),
  urgency: defineSearchAttributeKey('RgUrgency', 'KEYWORD'),
  category: defineSearchAttributeKey('RgCategory', 'KEYWORD'),
  assignee: defineSearchAttributeKey('RgAssignee', 'KEYWORD'),
  deadline: defineSearchAttributeKey('RgDeadline', 'DATETIME'),
  breached: defineSearchAttributeKey('RgBreached', 'BOOL'),
  /** A closed release in error outside the official definition: why (it is reported separately). */
  exclusion: defineSearchAttributeKey('RgExclusion', 'KEYWORD'),
} as const;

export const SEARCH_ATTRIBUTE_TYPES: Record<string, SearchAttributeType> = Object.fromEntries(
  Object.values(SA).map((key) => [key.name, key.type]),
);
