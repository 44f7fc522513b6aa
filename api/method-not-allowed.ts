import type { RequestHandler } from 'express';
import type { Operation } from './contract/operations.ts';
import { Problem, sendProblem } from './problem.ts';

/**
 * A known path called with a method it does not take is a 405 with an `Allow` header, not a 404:
 * the operation table knows every path and its methods. HEAD goes with GET and OPTIONS is
 * answered by Express, as HTTP expects.
 */
export function methodNotAllowed(operations: readonly Operation[]): RequestHandler {
  const paths = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const op of operations) {
    const entry = paths.get(op.path) ?? { pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`), methods: new Set<string>() };
    entry.methods.add(op.method.toUpperCase());
    if (op.method === 'get') entry.methods.add('HEAD');
    paths.set(op.path, entry);
  }
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const matching = [...paths.values()].filter((p) => p.pattern.test(req.path));
    if (matching.length === 0) return next();
    const allowed = new Set(matching.flatMap((p) => [...p.methods]));
    if (allowed.has(req.method)) return next();
    res.setHeader('Allow', [...allowed].sort().join(', '));
    sendProblem(res, new Problem(405, 'Method Not Allowed', `${req.method} is not a method of this path; it takes ${[...allowed].sort().join(', ')}`));
  };
}
