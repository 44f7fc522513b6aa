import type { RequestHandler } from 'express';
import type { OperationIndex } from './operation-index.ts';
import { Problem, sendProblem } from './problem.ts';

/**
 * A known path called with a method it does not take is a 405 with an `Allow` header, not a 404:
 * the operation table knows every path and its methods. HEAD goes with GET and OPTIONS is
 * answered by Express, as HTTP expects.
 */
export function methodNotAllowed(index: OperationIndex): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const allowed = index.allowed(req.path);
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    const methods = [...allowed].sort().join(', ');
    res.setHeader('Allow', methods);
    sendProblem(
      res,
      new Problem(405, 'Method Not Allowed', `${req.method} is not a method of this path; it takes ${methods}`),
    );
  };
}
