import { z } from 'zod';
import { textSchema } from '../identifiers.ts';
import { GATED_RELEASES, type ReleaseReason } from './vocabulary.ts';
import type { ChecklistAnswer } from './authorisation.ts';

/**
 * The discharge checklists, one per movement that leaves custody, kept as data (a versioned file,
 * validated at start-up) like the query policy: what the desk must confirm before a release is
 * authorised. Not imported by workflow code (zod).
 */

const itemSchema = z.strictObject({ item: z.string().regex(/^[A-Z][A-Z_]{1,59}$/), text: z.string().min(5).max(300) });

export const checklistsSchema = z
  .strictObject({
    version: z.string().min(1).max(40),
    movements: z.partialRecord(
      z.enum(GATED_RELEASES as [ReleaseReason, ...ReleaseReason[]]),
      z.array(itemSchema).min(1).max(30),
    ),
  })
  .superRefine((value, ctx) => {
    for (const movement of GATED_RELEASES) {
      const items = value.movements[movement];
      if (!items)
        ctx.addIssue({
          code: 'custom',
          path: ['movements', movement],
          message: 'every movement that leaves custody needs a checklist',
        });
      else if (new Set(items.map((i) => i.item)).size !== items.length)
        ctx.addIssue({ code: 'custom', path: ['movements', movement], message: 'items must be unique' });
    }
  });
export type DischargeChecklists = z.infer<typeof checklistsSchema>;

/** What the officer sends: each item answered yes or no, with a note where no. */
export const checklistRequestSchema = z.strictObject({
  movement: z.enum(GATED_RELEASES as [ReleaseReason, ...ReleaseReason[]]),
  answers: z
    .array(z.strictObject({ item: z.string().max(60), answer: z.boolean(), note: textSchema(1000).optional() }))
    .max(30),
});
export type ChecklistRequest = z.infer<typeof checklistRequestSchema>;

/** The answers in the checklist's order, or the field at fault: every item once, none unknown, a note with every no. */
export function checkAnswers(
  checklists: DischargeChecklists,
  request: ChecklistRequest,
): { answers: ChecklistAnswer[] } | { field: string; message: string } {
  const items = checklists.movements[request.movement] ?? [];
  const given = new Map(request.answers.map((a) => [a.item, a]));
  for (const [i, answer] of request.answers.entries()) {
    if (!items.some((it) => it.item === answer.item))
      return {
        field: `body.answers.${i}.item`,
        message: `${answer.item} is not on the ${request.movement} checklist (version ${checklists.version})`,
      };
    if (!answer.answer && !answer.note)
      return { field: `body.answers.${i}.note`, message: 'is required where the answer is no' };
  }
  if (given.size !== request.answers.length) return { field: 'body.answers', message: 'answers each item once' };
  const missing = items.filter((it) => !given.has(it.item)).map((it) => it.item);
  if (missing.length)
    return { field: 'body.answers', message: `must answer every item: missing ${missing.join(', ')}` };
  return { answers: items.map((it) => given.get(it.item)!) };
}
