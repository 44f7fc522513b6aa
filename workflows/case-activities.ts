import { proxyActivities } from '@temporalio/workflow';
import type { createCaseActivities } from '../activities/cases.ts';

/** Case activities as the hold and incident workflows call them: short calls, retried with backoff. */
export const cases = proxyActivities<ReturnType<typeof createCaseActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: ['SMTP_PERMANENT'] },
});
