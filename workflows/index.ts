// The workflow bundle's entry point: every workflow type the worker runs.
export { urgentQuery } from './urgent-query.ts';
