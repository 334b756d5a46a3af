import type { DecisionContext } from '../types.ts';

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
  holds(parent: Readonly<Record<string, unknown>>, context: DecisionContext): boolean;
}
