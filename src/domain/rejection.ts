/**
 * Why an operation may not be applied: the validator's answer for every case type. The code maps
 * to HTTP (FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409, UNPROCESSABLE 422); `details` travels with it.
 */
export type RejectionCode = 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND' | 'UNPROCESSABLE';

export interface Rejection {
  code: RejectionCode;
  message: string;
  details?: unknown;
}
