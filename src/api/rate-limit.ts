import type { Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';

/**
 * A per-minute limit, by client address unless `key` says otherwise; `refuse` answers the request
 * over it (a problem for the API, a page for the pages). One limiter for both doors.
 */
export const perMinuteLimit = (limit: number, refuse: (res: Response) => void, key?: (req: Request) => string) =>
  rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // X-Forwarded-For without a trusted proxy is ignored on purpose (TRUST_PROXY), not a misconfiguration.
    validate: { xForwardedForHeader: false },
    ...(key ? { keyGenerator: key } : {}),
    handler: (_req, res) => refuse(res),
  });
