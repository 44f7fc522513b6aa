import { z } from 'zod';
import type { DomainEvent } from '../../../domain/events.ts';
import { agrees, instant, type Same } from './shared.ts';

export const domainEventSchema = z
  .strictObject({
    eventType: z.string(),
    version: z.literal(1),
    occurredAt: instant,
    description: z.string(),
    personReference: z.strictObject({
      identifiers: z.array(z.strictObject({ type: z.literal('NOMS'), value: z.string() })),
    }),
    additionalInformation: z.record(z.string(), z.string().optional()),
  })
  .meta({ id: 'DomainEvent', description: 'In the HMPPS domain event shape.' });

export const eventListSchema = z.strictObject({ events: z.array(domainEventSchema) }).meta({ id: 'DomainEventList' });

// Drift check (responses/shared.ts): the schema must describe exactly the value the handler sends.
agrees<Same<z.infer<typeof domainEventSchema>, DomainEvent>>();
