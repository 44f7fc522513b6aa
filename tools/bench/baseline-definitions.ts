import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** The baseline workflows' update and query: shared by the bench client and the bench worker. */
export const step = defineUpdate<number, [string]>('step');
export const steps = defineQuery<number>('steps');
export const NOOP_WORKFLOW = 'benchNoop';
export const SKELETON_WORKFLOW = 'benchSkeleton';
/** The skeleton hold: open on a timer, answering one query with nothing behind it (the gate's floor). */
export const HOLD_SKELETON_WORKFLOW = 'benchHoldSkeleton';
export const holdStatus = defineQuery<{ releasable: boolean }>('holdStatus');
