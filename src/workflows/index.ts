// The workflow bundle's entry point: every workflow type the worker runs.
export { urgentQuery } from './urgent-query.ts';
export { releaseHold } from './release-hold.ts';
export { releaseInErrorIncident } from './incident.ts';
export { victimContactRegistration } from './victim-notification-registration.ts';
export { victimNotification } from './victim-notification.ts';
export { courtHearing, courtResultsReconciliation } from './court-hearing.ts';
export { inboxMailboxPoll, inboxMessage } from './inbox-message.ts';
export { inboxPrisonNotice } from './inbox-prison-notice.ts';
export { vloReleaseDateNotices } from './victim-notification-release-dates.ts';
