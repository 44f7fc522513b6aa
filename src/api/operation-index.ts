import type { Operation } from './contract/shared.ts';

export interface MatchedOperation {
  operation: Operation;
  /** The path's parameters by name, decoded. */
  params: Record<string, string>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The operation table as a lookup from a request's method and path, for the middleware that needs
 * to know the operation before any router has run (405s, the audit trail). Literal paths win over
 * templates (`/api/incidents/counts` over `/api/incidents/{id}`).
 */
export function operationIndex(operations: readonly Operation[]) {
  const entries = operations
    .map((operation) => ({
      operation,
      params: (operation.path.match(/\{[^}]+\}/g) ?? []).length,
      pattern: new RegExp(`^${escapeRegExp(operation.path).replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`),
    }))
    .sort((a, b) => a.params - b.params);
  const methodsOf = (op: Operation) => (op.method === 'get' ? ['GET', 'HEAD'] : [op.method.toUpperCase()]);
  return {
    match(method: string, path: string): MatchedOperation | undefined {
      for (const entry of entries) {
        if (!methodsOf(entry.operation).includes(method)) continue;
        const found = entry.pattern.exec(path);
        if (!found) continue;
        const params = Object.fromEntries(Object.entries(found.groups ?? {}).map(([k, v]) => [k, decode(v)]));
        return { operation: entry.operation, params };
      }
      return undefined;
    },
    /** Every method the path takes, or an empty set for a path the service does not have. */
    allowed(path: string): Set<string> {
      return new Set(entries.filter((e) => e.pattern.test(path)).flatMap((e) => methodsOf(e.operation)));
    },
  };
}
export type OperationIndex = ReturnType<typeof operationIndex>;
