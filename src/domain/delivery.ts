/**
 * The failure type of an SMTP answer that retrying cannot change (5xx, a recipient refused). Shared
 * by the activities that raise it and the workflows that decide what to do next, and never retried.
 */
export const SMTP_PERMANENT = 'SMTP_PERMANENT';
export const SMTP_TRANSIENT = 'SMTP_TRANSIENT';
