import { WorkflowNotFoundError, WorkflowUpdateFailedError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { Problem, conflict, notFound } from './problem.ts';

const REJECTION_STATUS: Record<string, [number, string]> = {
  FORBIDDEN: [403, 'Forbidden'],
  NOT_FOUND: [404, 'Not Found'],
  CONFLICT: [409, 'Conflict'],
};

/** Maps what the Temporal client throws onto HTTP problems; anything unrecognised is rethrown. */
export function problemFromTemporal(err: unknown): Problem {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const [status, title] = REJECTION_STATUS[err.cause.type ?? ''] ?? [409, 'Conflict'];
    const reasons = err.cause.details?.[0];
    return new Problem(status, title, err.cause.message, undefined, Array.isArray(reasons) && reasons.length ? { reasons } : undefined);
  }
  if (err instanceof WorkflowNotFoundError) return notFound();
  if (err instanceof WorkflowExecutionAlreadyStartedError) return conflict('That case already exists');
  if (isGrpcServiceError(err) && err.code === 5) return notFound();
  throw err;
}
