/** The victim notification's words, as plain constants for the workflow code (no zod). */

export const NOTIFICATION_KINDS = ['RELEASE', 'RELEASE_IN_ERROR'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_STATUSES = ['SENDING', 'SENT', 'ESCALATED', 'ACKNOWLEDGED', 'FAILED'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
