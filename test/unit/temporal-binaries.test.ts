import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTemporalBinary } from '../../src/infra/temporal-binaries.ts';

function executable(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('finding the Temporal binaries: env var, then PATH, then the venv, then the SDK download', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'rg-bin-'));
  const fromEnv = executable(path.join(root, 'env'), 'temporal');
  const onPath = executable(path.join(root, 'path'), 'temporal');
  const venv = path.join(root, 'venv');
  const inVenv = executable(path.join(venv, 'bin'), 'temporal');
  executable(path.join(venv, 'bin'), 'temporal-test-server');
  const PATH = path.join(root, 'path');

  it('prefers the env var', () => {
    expect(resolveTemporalBinary('cli', { TEMPORAL_CLI_PATH: fromEnv, PATH }, venv)).toEqual({
      source: 'env',
      path: fromEnv,
    });
  });
  it('then PATH', () => {
    expect(resolveTemporalBinary('cli', { PATH }, venv)).toEqual({ source: 'path', path: onPath });
  });
  it('then the project venv', () => {
    expect(resolveTemporalBinary('cli', { PATH: '/nonexistent' }, venv)).toEqual({ source: 'venv', path: inVenv });
    expect(resolveTemporalBinary('test-server', { PATH }, venv)).toEqual({
      source: 'venv',
      path: path.join(venv, 'bin', 'temporal-test-server'),
    });
  });
  it('and last the SDK download', () => {
    expect(resolveTemporalBinary('cli', { PATH: '' }, path.join(root, 'none'))).toEqual({ source: 'sdk-download' });
  });
  it('treats an env var that points nowhere as a mistake to report, not to skip', () => {
    expect(() =>
      resolveTemporalBinary('test-server', { TEMPORAL_TEST_SERVER_PATH: '/no/such/file', PATH }, venv),
    ).toThrow(/TEMPORAL_TEST_SERVER_PATH/);
  });
});
