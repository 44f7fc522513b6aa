import { inSpan } from '../infra/tracing.ts';
import { METRICS, count } from './metrics.ts';
import { createHmac } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { SMTP_PERMANENT, SMTP_TRANSIENT } from '../domain/delivery.ts';
import type { RenderedMail } from '../domain/format.ts';

/** What every activity that sends mail needs. */
export interface MailDeps {
  transport: Transporter;
  from: string;
  /** Where links in emails point. */
  publicBaseUrl: string;
  messageIdDomain: string;
  /** Keys the opaque stand-in for a prisoner number in a case's id, wherever it would reach an email header. */
  referenceKey: Uint8Array;
}

export interface MailerConfig {
  host: string;
  port: number;
  secure: boolean;
  /** STARTTLS or nothing. */
  requireTls?: boolean;
  user?: string;
  password?: string;
  from: string;
}

/** One pooled SMTP transport per worker process. */
export function createMailTransport(config: MailerConfig): Transporter {
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 5,
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls ?? false,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

/** The case ids that name a prisoner: a hold (`RH-{number}`) and an incident (`RIE-{number}-…`). */
const NAMES_PRISONER = /^(RH|RIE)-([A-Z]\d{4}[A-Z]{2})(?=-|$)/;

/**
 * A case's id as email headers may carry it: hold and incident ids contain the prisoner number
 * (RH-A1234BC, RIE-A1234BC-…), and headers travel through relays and mail logs that case data must
 * not. The number becomes a keyed hash: stable, so duplicates still match, and not reversible
 * without the secret (there are too few prisoner numbers for a plain hash to hide one).
 */
export function headerReference(caseId: string, key: Uint8Array): string {
  return caseId.replace(
    NAMES_PRISONER,
    (_all, prefix: string, pn: string) =>
      `${prefix}-P${createHmac('sha256', key).update(pn).digest('hex').slice(0, 12).toUpperCase()}`,
  );
}

/** A stable Message-ID, so any duplicate delivered after a retry is recognisable as the same message. */
export function messageIdFor(workflowId: string, key: string, domain: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]/g, '-');
  return `<${safe(workflowId)}.${safe(key)}@${domain}>`;
}

/**
 * SMTP 5xx answers are permanent: sending the same message to the same address again cannot help.
 * Everything else (connection refused, timeouts, 4xx) is transient and left for Temporal to retry.
 */
export function classifySmtpError(err: unknown): Error {
  const e = err as { responseCode?: number; code?: string; message?: string };
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return ApplicationFailure.nonRetryable(
      `SMTP rejected the message permanently (${e.responseCode})`,
      SMTP_PERMANENT,
      { responseCode: e.responseCode },
    );
  }
  return ApplicationFailure.retryable(
    `SMTP transient failure (${e.responseCode ?? e.code ?? 'unknown'})`,
    SMTP_TRANSIENT,
  );
}

/**
 * Sends one message, turning SMTP errors into permanent or retryable activity failures. A message
 * some of whose recipients were refused counts as a permanent failure too, so nobody's silence goes
 * unnoticed; the accepted recipients already have it, so it is not retried.
 */
export async function sendClassified(transport: Transporter, message: SendMailOptions): Promise<void> {
  let info: { rejected?: unknown[] };
  try {
    info = await transport.sendMail(message);
  } catch (err) {
    throw classifySmtpError(err);
  }
  const rejected = info.rejected ?? [];
  if (rejected.length > 0) {
    throw ApplicationFailure.nonRetryable(`SMTP refused ${rejected.length} recipient(s) permanently`, SMTP_PERMANENT, {
      rejectedCount: rejected.length,
    });
  }
}

/** The workflow an activity runs for: the case a message belongs to. */
export const callingWorkflowId = (): string => Context.current().info.workflowExecution?.workflowId ?? 'standalone';

/**
 * The one way an activity sends mail: its Message-ID is fixed by the case and the message's key,
 * so a resend after a crash is recognisably the same message.
 */
export function mailSender(deps: MailDeps) {
  return {
    link: (path: string) => `${deps.publicBaseUrl.replace(/\/$/, '')}${path}`,
    send: async (message: {
      caseId: string;
      key: string;
      to: string | string[];
      mail: RenderedMail;
      headers?: Record<string, string>;
      priority?: 'high';
    }) => {
      const reference = headerReference(message.caseId, deps.referenceKey);
      const caseKind = message.caseId.split('-')[0] ?? 'other';
      try {
        await inSpan(
          'smtp.send',
          {
            'release_guard.case_kind': caseKind,
            'release_guard.recipients': Array.isArray(message.to) ? message.to.length : 1,
          },
          () =>
            sendClassified(deps.transport, {
              from: deps.from,
              to: message.to,
              ...message.mail,
              messageId: messageIdFor(reference, message.key, deps.messageIdDomain),
              headers: { 'X-Release-Guard-Reference': reference, ...message.headers },
              ...(message.priority ? { priority: message.priority } : {}),
            }),
        );
      } catch (err) {
        count(...METRICS.notices, { outcome: 'failed', case_kind: caseKind });
        throw err;
      }
      count(...METRICS.notices, { outcome: 'sent', case_kind: caseKind });
    },
  };
}
