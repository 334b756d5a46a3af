import { GraphQLError, isAbstractType, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';

export type ResponsePath = ReadonlyArray<string | number>;

/** Says whether a record of this (concrete) type is withheld from the caller. */
export type WithholdTest = (record: Readonly<Record<string, unknown>>, typeName: string) => boolean;

const WITHHELD = Symbol('withheld');

/**
 * The records of one response that the shield withholds as if they did not exist (see record-gate.ts),
 * and where: a single record becomes null, and so does an item of a list whose items may be null (the
 * sources answer null there for an unknown id, e.g. `persons(ids)`); from a list of non-null items the
 * record is left out. Keeps enough to map a path of the gateway's result (where source errors point)
 * to the response's, so that no error about a withheld record, or pointing at a shifted list index,
 * reaches the caller.
 */
export class WithheldRecords {
  /** Response paths (JSON) of records replaced by null. */
  private readonly nulled = new Set<string>();
  /** Response path (JSON) of a list -> indices of the gateway result's list that were left out, ascending. */
  private readonly omitted = new Map<string, readonly number[]>();

  /** The field's value as the caller may receive it; `path` is the field's response path. */
  filter(value: unknown, type: GraphQLOutputType, path: ResponsePath, withhold: WithholdTest): unknown {
    const kept = this.walk(value, type, path, withhold);
    if (kept !== WITHHELD) return kept;
    this.nulled.add(JSON.stringify(path));
    return null;
  }

  /**
   * The response path of a path in the gateway's result, or undefined when it lies inside a withheld
   * record (an error there would confirm that the record exists).
   */
  responsePath(resultPath: ResponsePath): ResponsePath | undefined {
    if (this.nulled.size === 0 && this.omitted.size === 0) return resultPath;
    const mapped: (string | number)[] = [];
    for (const key of resultPath) {
      let responseKey = key;
      if (typeof key === 'number') {
        const omitted = this.omitted.get(JSON.stringify(mapped));
        if (omitted?.includes(key)) return undefined;
        if (omitted) responseKey = key - omitted.filter((index) => index < key).length;
      }
      mapped.push(responseKey);
      if (this.nulled.has(JSON.stringify(mapped))) return undefined;
    }
    return mapped;
  }

  private walk(value: unknown, type: GraphQLOutputType, path: ResponsePath, withhold: WithholdTest): unknown {
    if (value === null || typeof value !== 'object') return value;
    const nullable = isNonNullType(type) ? type.ofType : type;
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return value;
      const itemType = nullable.ofType as GraphQLOutputType;
      const items: unknown[] = [];
      const omitted: number[] = [];
      value.forEach((item: unknown, index) => {
        const kept = this.walk(item, itemType, [...path, items.length], withhold);
        if (kept !== WITHHELD) items.push(kept);
        else if (isNonNullType(itemType)) omitted.push(index);
        else {
          this.nulled.add(JSON.stringify([...path, items.length]));
          items.push(null);
        }
      });
      if (omitted.length > 0) this.omitted.set(JSON.stringify(path), omitted);
      return items;
    }
    const record = value as Readonly<Record<string, unknown>>;
    const typeName = isAbstractType(nullable) ? record.__typename : nullable.name;
    return typeof typeName === 'string' && withhold(record, typeName) ? WITHHELD : value;
  }
}

/** The same error at another path. */
export function errorAt(error: GraphQLError, path: ResponsePath): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
