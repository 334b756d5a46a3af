import type { Role } from '../../../common/vocabulary.ts';
import type { DecisionContext, Policy } from '../types.ts';

/**
 * A named data condition that policy rules refer to with `when:`. It is evaluated on the parent
 * object of the field being decided (the object as the gateway received it from the sources).
 */
export interface DataCondition {
  name: string;
  /** One sentence a policy officer can read. */
  description: string;
  /**
   * The types the condition can be evaluated on, each with the selection it needs on that type. The
   * gateway adds these selections (under `_authz_` aliases) before planning, so the data is there even
   * when the caller did not ask for it; the caller never sees them.
   */
  needs: Readonly<Record<string, string>>;
  /**
   * True when the condition says whose record it is, or whether it exists for the caller at all (the
   * subject's own record, a sealed entry deemed not to have occurred, another agency's audit row), rather
   * than how sensitive one of its fields is (a Safe at Home address). A record whose every field the caller
   * could see depends on data, and is denied on this record, is then withheld as if it did not exist:
   * null, or left out of its list, with no error. A FORBIDDEN error would confirm that it exists.
   */
  recordScope?: boolean;
  holds(parent: Readonly<Record<string, unknown>>, context: DecisionContext): boolean;
}

/**
 * A named condition on the request rather than on data: decided from who is asking alone, before
 * anything is fetched, so `decideStatically` settles it and the prune step removes what it denies.
 */
export interface RequestCondition {
  name: string;
  /** One sentence a policy officer can read. */
  description: string;
  /** Whether it holds for the request when `role` acts in it (right to know belongs to a role). */
  holds(context: DecisionContext, role: Role, policy: Pick<Policy, 'needToKnowByRole'>): boolean;
}
