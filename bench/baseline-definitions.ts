import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** The baseline workflows' update and query: shared by the bench client and the bench worker. */
export const step = defineUpdate<number, [string]>('step');
export const steps = defineQuery<number>('steps');
export const NOOP_WORKFLOW = 'benchNoop';
export const SKELETON_WORKFLOW = 'benchSkeleton';
