import type { DataCondition } from './types.ts';

/** The record belongs to the caller: a SUBJECT's token `sub` is their master person id (PC 11120 ff.). */
export const isSubjectSelf: DataCondition = {
  name: 'isSubjectSelf',
  description: "The record is the caller's own (the token's sub is the person's id).",
  recordScope: true,
  needs: {
    Person: '_authz_id: id',
    CriminalHistory: '_authz_subject: subject { id }',
  },
  holds(parent, context) {
    if (typeof parent._authz_id === 'string') return parent._authz_id === context.sub;
    const subject = parent._authz_subject as { id?: unknown } | null | undefined;
    return typeof subject?.id === 'string' && subject.id === context.sub;
  },
};
