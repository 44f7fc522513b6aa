import type { Request } from 'express';
import { rateLimit } from 'express-rate-limit';

/**
 * A per-minute limit on pages, as the API has (by client address unless `key` says otherwise),
 * answered with a page rather than a problem.
 */
export const pageLimiter = (limit: number, key?: (req: Request) => string) =>
  rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // X-Forwarded-For without a trusted proxy is ignored on purpose (TRUST_PROXY), not a misconfiguration.
    validate: { xForwardedForHeader: false },
    ...(key ? { keyGenerator: key } : {}),
    handler: (_req, res) => res.status(429).render('error', { title: 'Too many requests', message: 'Wait a minute, then try again.' }),
  });
