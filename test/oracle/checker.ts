import {
  execute,
  getNamedType,
  isLeafType,
  parse,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
} from 'graphql';
import { effectiveRoles, type OracleCaller } from './callers.ts';
import { categoryOf, elementCategoryOf } from './coordinates.ts';
import type { OracleDataset } from './dataset.ts';
import { judge, type Category } from './model.ts';
import { enterObject, type WalkFacts } from './records.ts';
import type { OracleSchemas } from './schema.ts';

/** Something the gateway answered that the oracle says it must not have. */
export interface Finding {
  /**
   * leak: a value the caller may not see; refusal: a purpose no role may state was not refused;
   * failure: a valid operation of a permitted caller got no GraphQL answer (HTTP other than 200).
   */
  kind: 'leak' | 'refusal' | 'failure';
  coordinate: string;
  path: string;
  category?: Category;
  rule: string;
  value?: string;
}

export interface CheckResult {
  findings: Finding[];
  /** Non-null values judged (leaves, objects, list elements). */
  checked: number;
  /** How many fields asked (answered or withheld) turned on each kind of data-dependent fact. */
  dataFacts: Record<string, number>;
  /** The response carried data at all. */
  withData: boolean;
  /** The gateway refused the operation as too complex (its operation limits): nothing to judge. */
  tooComplex: boolean;
}

export interface Oracle {
  schemas: OracleSchemas;
  data: OracleDataset;
}

export interface GatewayAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: unknown[] };
}

/** Fields whose values are counts over a criminal history: they must not count sealed entries. */
const UNSEALED_COUNTS = ['arrestCount', 'convictionCount', 'felonyConvictionCount', 'openCharges', 'lastArrestDate'] as const;

/**
 * Judges one answer of the gateway: the HTTP outcome (a purpose none of the caller's roles may state is
 * refused with 403 and no data), then every non-null value of the data — each leaf, each object and each
 * list element, whose mere presence says that a record exists — against the oracle's model.
 */
export async function checkAnswer(
  oracle: Oracle,
  caller: OracleCaller,
  operation: { query: string; variables: Record<string, unknown> },
  answer: GatewayAnswer,
): Promise<CheckResult> {
  const findings: Finding[] = [];
  const refused = effectiveRoles(caller).size === 0;
  if (refused && answer.status !== 403) {
    findings.push({
      kind: 'refusal',
      coordinate: '-',
      path: '-',
      rule: `a purpose no role may state must be refused with 403; got HTTP ${answer.status}`,
    });
  } else if (!refused && isTooComplex(answer)) {
    return { findings, checked: 0, dataFacts: {}, withData: false, tooComplex: true };
  } else if (!refused && answer.status !== 200) {
    findings.push({
      kind: 'failure',
      coordinate: '-',
      path: '-',
      rule: `HTTP ${answer.status} for a valid operation`,
      value: preview(answer.body.errors, 300),
    });
  }
  const data = answer.body.data;
  const dataFacts: Record<string, number> = {};
  if (!data) return { findings, checked: 0, dataFacts, withData: false, tooComplex: false };

  let checked = 0;
  const facts = new WeakMap<object, WalkFacts>();
  facts.set(data, {});
  const countFacts = (category: Category, recordFacts: WalkFacts) => {
    for (const fact of dataFactsOf(category, caller, recordFacts)) dataFacts[fact] = (dataFacts[fact] ?? 0) + 1;
  };
  const check = (category: Category, recordFacts: WalkFacts, coordinate: string, path: string, value: unknown) => {
    checked++;
    countFacts(category, recordFacts);
    const judgement = judge(category, caller, recordFacts);
    if (!judgement.allowed) findings.push({ kind: 'leak', coordinate, path, category, rule: judgement.rule, value: preview(value) });
  };

  const fieldResolver: GraphQLFieldResolver<Record<string, unknown>, unknown> = (source, args, _context, info) => {
    const value = source[info.path.key as string];
    const parentFacts = facts.get(source) ?? {};
    const typeName = info.parentType.name;
    if (value === null || value === undefined) {
      // Withheld: nothing to judge, but it shows the fuzz reached the decision.
      if (isLeafType(getNamedType(info.returnType))) countFacts(categoryOf(typeName, info.fieldName), parentFacts);
      return null;
    }
    const coordinate = `${typeName}.${info.fieldName}`;
    const path = responsePathAsArray(info.path).join('.');
    const named = getNamedType(info.returnType);
    if (isLeafType(named)) {
      check(categoryOf(typeName, info.fieldName), parentFacts, coordinate, path, value);
      if (typeName === 'CriminalHistorySummary')
        checkUnsealedCount(oracle.data, caller, info.fieldName, value, parentFacts, coordinate, path, findings);
      return value;
    }
    const via = { parentType: typeName, field: info.fieldName, args };
    if (Array.isArray(value)) {
      const list: unknown[] = value;
      // A list at the root says only that the caller may use the entry point: judged as the caller's own
      // records would be. Below the root it says something about its parent (e.g. "no wants").
      const listFacts: WalkFacts = source === data ? { person: caller.sub, auditOri: caller.ori } : parentFacts;
      check(categoryOf(typeName, info.fieldName), listFacts, coordinate, path, list);
      list.forEach((element, index) => {
        if (element === null || typeof element !== 'object') return;
        const elementFacts = enterObject(
          oracle.data,
          concreteType(element, named.name),
          element as Record<string, unknown>,
          via,
          parentFacts,
        );
        facts.set(element, elementFacts);
        check(elementCategoryOf(typeName, info.fieldName), elementFacts, `${coordinate}[]`, `${path}.${index}`, element);
      });
      return list;
    }
    if (typeof value === 'object') {
      const childFacts = enterObject(oracle.data, concreteType(value, named.name), value as Record<string, unknown>, via, parentFacts);
      facts.set(value, childFacts);
      check(categoryOf(typeName, info.fieldName), childFacts, coordinate, path, value);
    }
    return value;
  };

  const result = await execute({
    schema: oracle.schemas.walk,
    document: parse(operation.query),
    rootValue: data,
    variableValues: operation.variables,
    fieldResolver,
    typeResolver: resolveType,
  });
  if (result.errors?.length) throw new Error(`the oracle could not walk the answer: ${result.errors.map((e) => e.message).join('; ')}`);
  return { findings, checked, dataFacts, withData: Object.values(data).some((value) => value !== null), tooComplex: false };
}

function isTooComplex(answer: GatewayAnswer): boolean {
  const [first] = (answer.body.errors ?? []) as { extensions?: { code?: unknown } }[];
  return answer.status === 400 && first?.extensions?.code === 'QUERY_TOO_COMPLEX';
}

/** The data-dependent facts a judgement used: evidence that the fuzz reached them. */
function dataFactsOf(category: Category, caller: OracleCaller, facts: WalkFacts): string[] {
  const used: string[] = [];
  if (facts.sealed) used.push('sealed entry');
  if (category === 'SEALED_COUNT' && facts.hasSealed) used.push('sealed count');
  if (category === 'ADDRESS_LINE' && facts.address?.safeAtHome) used.push('Safe at Home address');
  if (category === 'ADDRESS_LINE' && facts.address?.confidential) used.push('VC 1808.4 address');
  if (caller.roles.includes('SUBJECT') && caller.purpose === 'RECORD_REVIEW' && facts.person !== undefined) {
    used.push(facts.person === caller.sub ? "subject's own record" : "subject: someone else's record");
  }
  if (category === 'AUDIT_ROW' && caller.roles.includes('AGENCY_COORDINATOR'))
    used.push(facts.auditOri === caller.ori ? 'own agency audit row' : "another agency's audit row");
  return used;
}

/** Abstract types are resolved from the `__typename` every generated operation selects on them. */
const resolveType: GraphQLTypeResolver<Record<string, unknown>, unknown> = (value) => {
  const name = value.__typename;
  return typeof name === 'string' ? name : undefined;
};

function concreteType(value: object, named: string): string {
  const name = (value as Record<string, unknown>).__typename;
  return typeof name === 'string' ? name : named;
}

/**
 * A summary's counts may be seen by more callers than the sealed entries they could count: for those
 * who may not see sealed entries, each count must be what the unsealed part of the record gives.
 */
function checkUnsealedCount(
  data: OracleDataset,
  caller: OracleCaller,
  field: string,
  value: unknown,
  facts: WalkFacts,
  coordinate: string,
  path: string,
  findings: Finding[],
): void {
  if (!(UNSEALED_COUNTS as readonly string[]).includes(field) || facts.cii === undefined || !facts.hasSealed) return;
  if (judge('CORI', caller, { ...facts, sealed: true }).allowed) return;
  const expected = data.unsealedSummary(facts.cii)[field as (typeof UNSEALED_COUNTS)[number]];
  if (value !== expected) {
    findings.push({
      kind: 'leak',
      coordinate,
      path,
      category: 'CORI',
      rule: `count includes sealed entries (unsealed record gives ${JSON.stringify(expected)})`,
      value: preview(value),
    });
  }
}

function preview(value: unknown, length = 80): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > length ? `${text.slice(0, length - 3)}...` : text;
}
