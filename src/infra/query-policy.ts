import { readFileSync } from 'node:fs';
import { englandAndWalesBankHolidays } from '../domain/calendar/bank-holidays.ts';
import type { HoldPolicy } from '../domain/release-hold/hold-state.ts';
import {
  DEFAULT_NOTIFICATION_LADDERS,
  type NotificationPolicy,
} from '../domain/victim-notification/notification-state.ts';
import { defaultQueryPolicy, queryPolicySchema, type QueryPolicy } from '../domain/urgent-query/policy.ts';
import type { Config } from './config.ts';

type Overrides = { [key: string]: unknown };

function merge(base: Overrides, overrides: Overrides): Overrides {
  const out: Overrides = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current)
        ? merge(current as Overrides, value as Overrides)
        : value;
  }
  return out;
}

/**
 * The urgent query policy for queries raised now: the domain's defaults (docs/domain.md), this year's and the next
 * two years' bank holidays, the configured contacts, and any overrides from QUERY_POLICY_FILE.
 */
export function buildQueryPolicy(config: Config, now = new Date()): QueryPolicy {
  const year = now.getUTCFullYear();
  const base = defaultQueryPolicy(englandAndWalesBankHolidays(year - 1, year + 2), {
    unitQueue: config.contacts.unitQueue,
    teamLeader: config.contacts.teamLeader,
    unitHead: config.contacts.unitHead,
    dutyGovernorTemplate: config.contacts.dutyGovernorTemplate,
    prisonMailboxTemplate: config.contacts.prisonMailboxTemplate,
    staffEmailTemplate: config.contacts.staffEmailTemplate,
  });
  if (!config.policy.queryPolicyFile) return base;
  const overrides = JSON.parse(readFileSync(config.policy.queryPolicyFile, 'utf8')) as Overrides;
  const parsed = queryPolicySchema.safeParse(merge(base as unknown as Overrides, overrides));
  if (!parsed.success) {
    throw new Error(
      `QUERY_POLICY_FILE ${config.policy.queryPolicyFile} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Rebuilds the policy at most once a day, so the bank-holiday window moves with the calendar. */
export function dailyQueryPolicy(config: Config): () => QueryPolicy {
  let builtFor = '';
  let policy: QueryPolicy | undefined;
  return () => {
    const today = new Date().toISOString().slice(0, 10);
    if (!policy || builtFor !== today) {
      policy = buildQueryPolicy(config);
      builtFor = today;
    }
    return policy;
  };
}

export function buildHoldPolicy(config: Config): HoldPolicy {
  return {
    reviewIntervalMinutes: config.policy.holdReviewIntervalMinutes,
    overrideValidMinutes: config.policy.overrideValidMinutes,
    staffEmailTemplate: config.contacts.staffEmailTemplate,
    unitQueue: config.contacts.unitQueue,
    prisonMailboxTemplate: config.contacts.prisonMailboxTemplate,
  };
}

export function buildNotificationPolicy(config: Config): NotificationPolicy {
  return {
    unitHead: config.contacts.unitHead,
    ladders: {
      RELEASE: { ...DEFAULT_NOTIFICATION_LADDERS.RELEASE, ackMinutes: config.policy.vloAckReleaseMinutes },
      RELEASE_IN_ERROR: {
        ...DEFAULT_NOTIFICATION_LADDERS.RELEASE_IN_ERROR,
        ackMinutes: config.policy.vloAckReleaseInErrorMinutes,
      },
    },
    preReleaseWorkingDays: config.policy.vloPreReleaseWorkingDays,
  };
}
