import { patched, upsertMemo } from '@temporalio/workflow';
import type { Traced } from './definitions.ts';

/**
 * Names the request that last changed this case in its memo, so an operator can follow a
 * correlation id from the API's logs and audit trail to the workflow. Behind a patch: histories
 * recorded before it have no memo change to replay (`has` answers for the run's patch level).
 */
export function noteCorrelation({ correlationId }: Traced, has: (patchId: string) => boolean = patched): void {
  if (correlationId && has('correlation-memo')) upsertMemo({ lastCorrelationId: correlationId });
}
