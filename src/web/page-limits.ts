import type { Request } from 'express';
import { perMinuteLimit } from '../api/rate-limit.ts';

/** A per-minute limit on pages, as the API has (by client address unless `key` says otherwise), answered with a page. */
export const pageLimiter = (limit: number, key?: (req: Request) => string) =>
  perMinuteLimit(
    limit,
    (res) => res.status(429).render('error', { title: 'Too many requests', message: 'Wait a minute, then try again.' }),
    key,
  );
