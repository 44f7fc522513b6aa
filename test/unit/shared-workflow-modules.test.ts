import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedWorkflowModules } from '../../src/worker/create-worker.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('the modules workflows share', () => {
  it('are the pure domain modules the workflows import for their values', () => {
    const shared = sharedWorkflowModules().map((m) => path.relative(root, m));
    expect(shared).toContain('src/domain/release-hold/hold-state.ts');
    expect(shared).toContain('src/domain/urgent-query/query-state.ts');
    expect(shared.every((m) => m.startsWith('src/domain/'))).toBe(true);
  });

  it('leave out what is imported for its types only, which would otherwise be added to the bundle', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shared-modules-'));
    writeFileSync(
      path.join(dir, 'a.ts'),
      [
        "import type { Schema } from '../domain/schemas.ts';",
        "import { rule, type Rule } from '../domain/rules.ts';",
        'import {',
        '  other,',
        "} from '../domain/other.ts';",
        "import { proxyActivities } from '@temporalio/workflow';",
      ].join('\n'),
    );
    expect(
      sharedWorkflowModules(dir)
        .map((m) => path.relative(path.dirname(dir), m))
        .sort(),
    ).toEqual(['domain/other.ts', 'domain/rules.ts']);
  });
});
