/**
 * Release Guard's domain events, in the HMPPS shape: `eventType`, `version`, `occurredAt`,
 * `personReference.identifiers`, and `additionalInformation` for the rest.
 */
export interface DomainEvent {
  eventType: string;
  version: 1;
  occurredAt: string;
  description: string;
  personReference: { identifiers: { type: 'NOMS'; value: string }[] };
  additionalInformation: Record<string, string | undefined>;
}

export const EVENT_TYPES = {
  released: 'release-guard.prisoner.released',
  overridden: 'release-guard.hold.overridden',
  releaseInError: 'release-guard.release-in-error.opened',
  /** Closed with its cause, and whether it falls outside the official definition. */
  releaseInErrorClosed: 'release-guard.release-in-error.closed',
  /** A finished urgent query's times, targets and escalations, for the unit's figures. */
  queryFinished: 'release-guard.urgent-query.finished',
  /** The gate refused a release: the releases prevented are a figure leaders ask for. */
  releasePrevented: 'release-guard.release.prevented',
  returnedToCustody: 'release-guard.prisoner.returned-to-custody',
  /** A release authorisation completed, refused at check, verified, voided or used: counted in the figures. */
  authorisationChanged: 'release-guard.authorisation.changed',
} as const;

export function domainEvent(
  eventType: string,
  prisonerNumber: string,
  occurredAt: string,
  description: string,
  additionalInformation: DomainEvent['additionalInformation'],
): DomainEvent {
  return {
    eventType,
    version: 1,
    occurredAt,
    description,
    personReference: { identifiers: [{ type: 'NOMS', value: prisonerNumber }] },
    additionalInformation,
  };
}
