import { Router, type RequestHandler } from 'express';
import { notFound, sendProblem } from './problem.ts';

/**
 * One spelling per path. Express matches paths case-insensitively and ignores a trailing slash
 * unless told otherwise, while the audit trail and the operation table match them as written: any
 * gap between the two is a way past the audit. So every router is case-sensitive and strict.
 */
export const ROUTING = { caseSensitive: true, strict: true } as const;

/** A router that matches paths only as written. Use this, never a router with the default options. */
export const canonicalRouter = (): Router => Router(ROUTING);

/**
 * A trailing slash or an empty segment is not the path the table writes. A router mounted with
 * `use` would still take `/api/incidents/` for `/api/incidents` (it sees `/` either way), so such
 * paths are answered 404 here, before any router or audit sees them.
 */
export const canonicalPathsOnly: RequestHandler = (req, res, next) => {
  const path = req.path;
  if (path === '/' || (!path.endsWith('/') && !path.includes('//'))) return next();
  sendProblem(res, notFound('No such path: paths are answered only as the API reference writes them'));
};
