import type { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time.js';
/** temporal.api.enums.v1.IndexedValueType, as numbers (the proto package is CommonJS and not a direct dependency). */
const INDEXED: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

const ALREADY_EXISTS = 6;
const UNIMPLEMENTED = 12;

/** Registers the project's search attributes. Ones that already exist count as success. */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  attributes: Record<string, SearchAttributeType>,
): Promise<string[]> {
  const known = new Set<string>();
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    for (const name of Object.keys(existing.customAttributes ?? {})) known.add(name);
  } catch (err) {
    // The time-skipping test server cannot list them; adding all and accepting "already exists" is enough.
    if ((err as { code?: number }).code !== UNIMPLEMENTED) throw err;
  }
  const missing = Object.entries(attributes).filter(([name]) => !known.has(name));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED[type]])),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
  }
  return missing.map(([name]) => name);
}

const NOT_FOUND = 5;
const THIRTY_DAYS_SECONDS = 30 * 24 * 3600;

/**
 * Registers the namespace on a fresh cluster (the dev server creates its own). Thirty days'
 * retention keeps closed cases readable for a month; archival is for the cluster's operators.
 */
export async function ensureNamespace(connection: Connection, namespace: string): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (err) {
    if ((err as { code?: number }).code !== NOT_FOUND) throw err;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(THIRTY_DAYS_SECONDS * 1000),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
  }
  return true;
}
