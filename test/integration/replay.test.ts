import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { codecConverter } from '../../src/infra/payload-codec.ts';
import { TEST_CODEC } from '../helpers/activity-deps.ts';
import { HISTORIES_DIR } from '../helpers/histories.ts';
import { quietRuntime } from '../helpers/runtime.ts';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it('replays every committed history with today’s workflow code, without non-determinism', async () => {
    quietRuntime();
    const histories = files.map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: codecConverter(TEST_CODEC) },
      histories,
    )) {
      results.push(result);
    }
    expect(results).toHaveLength(files.length);
    for (const result of results)
      expect({ workflowId: result.workflowId, error: result.error?.message }).toEqual({
        workflowId: result.workflowId,
        error: undefined,
      });
  });
});
