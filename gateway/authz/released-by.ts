import { LruCache } from '../../common/lru.ts';
import { decide } from '../policy/decide.ts';
import type { DecisionContext, Policy } from '../policy/types.ts';

const SHAPES_MEMOISED = 256;

/**
 * The rule that releases a field allowed from the caller alone, per caller shape: the same `decide()` the
 * shield would make, without data, made once per shape and coordinate. (A field decided on data is
 * released by whichever rule matched on the record; the shield notes those as it decides them.)
 */
export class StaticReleases {
  private readonly byShape = new LruCache<string, Map<string, readonly string[]>>(SHAPES_MEMOISED);

  constructor(private readonly policy: Policy) {}

  for(shape: string, context: DecisionContext): (coordinate: string) => readonly string[] {
    const rules = this.byShape.getOrSet(shape, () => new Map());
    return (coordinate) => {
      let found = rules.get(coordinate);
      if (!found) {
        const decision = decide(this.policy, context, coordinate);
        found = decision.allowed ? decision.rules : [];
        rules.set(coordinate, found);
      }
      return found;
    };
  }
}
