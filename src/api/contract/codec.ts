import type { Role } from '../../domain/actors.ts';
import * as requests from './requests.ts';
import { TAGS, type Operation } from './shared.ts';

/** Reading any case's payloads in the Temporal Web UI: the unit's leads and those who run the service. */
const CODEC_ROLES: Role[] = ['QUERY_UNIT_LEAD', 'OPERATOR'];

/** The Temporal Web UI’s remote codec, served by routers/codec.ts. */
export const CODEC_OPERATIONS: Operation[] = [
  ...(['decode', 'encode'] as const).map((action): Operation => ({
    method: 'post',
    path: `/codec/${action}`,
    operationId: `${action}Payloads`,
    summary:
      action === 'decode'
        ? 'Decrypt Temporal payloads for the Web UI (remote codec)'
        : 'Encrypt Temporal payloads for the Web UI (remote codec)',
    description:
      'Temporal’s remote codec protocol, so the Web UI can show case data to authorised staff while Temporal stores only ciphertext. CORS allows the origins in CODEC_CORS_ORIGINS. Every call is on the audit trail.',
    tag: TAGS.operations,
    access: CODEC_ROLES,
    body: requests.codecPayloadsSchema,
    success: [
      {
        status: 200,
        description: action === 'decode' ? 'The payloads, decrypted' : 'The payloads, encrypted',
        schema: requests.codecPayloadsSchema,
      },
    ],
    errors: [422],
  })),
];
