// Builds the workflow bundle once, ahead of time: `npm run build:workflows [-- out-file] [--traced]`.
// --traced adds the OpenTelemetry interceptors (for WORKFLOW_TRACED_BUNDLE_PATH).
// A worker given WORKFLOW_BUNDLE_PATH loads it instead of running webpack in its own process at
// start-up, which is slower and leaves the worker holding webpack's memory for its whole life.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from '../src/worker/create-worker.ts';

const args = process.argv.slice(2);
const traced = args.includes('--traced');
const out = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'dist/workflow-bundle.js');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, (await bundleWorkflows(undefined, { traced })).code);
process.stdout.write(`workflow bundle written to ${out}\n`);
