import fc from 'fast-check';
import {
  astFromValue,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  print,
  validate,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { ORACLE_PURPOSES, ORACLE_ROLES, PURPOSES_BY_ROLE, type OracleCaller, type OraclePurpose, type OracleRole } from './callers.ts';
import type { Focus, Pools, StatedCase } from './dataset.ts';
import { entryPoints } from './entry-points.ts';
import { KEY_SELECTIONS, keyNames } from './records.ts';

/** One operation as it is sent: the document text and its variables. */
export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
}

type Directive = { name: 'include' | 'skip'; value: boolean; variable: boolean };
type Selection =
  | { kind: 'field'; field: string; alias?: string; directive?: Directive; children?: Selection[] }
  | { kind: 'typename' }
  | { kind: 'inline'; on?: string; directive?: Directive; children: Selection[] }
  | { kind: 'fragment'; on: string; directive?: Directive; children: Selection[] };
interface Root {
  field: string;
  args: Record<string, unknown>;
  byVariables: boolean;
  children?: Selection[];
}

type Composite = GraphQLObjectType | GraphQLInterfaceType;

/** Aliases that name other (often sensitive) fields, to confuse anything that reads response keys. */
const DECOYS = ['a1', 'x', 'name', 'ssn', 'street', 'criminalHistory', 'cii', 'id'];
/** Fields on the way to data-dependent decisions, picked more often (addresses, sealed entries, own records, audit rows). */
const FAVOURED = new Set([
  'residenceAddress',
  'mailingAddress',
  'street',
  'city',
  'zip',
  'criminalHistory',
  'arrests',
  'charges',
  'summary',
  'sealedChargeCount',
  'arrestCount',
  'convictions',
  'ssn',
  'confidential',
  'protectedAddress',
  'registeredOwner',
  'subject',
  'person',
  'candidates',
  'edges',
  'node',
  'auditTrail',
  'evidence',
  'ori',
  'identifiers',
  'cii',
]);
const DEPTH = 3;
const ORIS = ['CA0190100', 'CA0340N01', 'CA0349400', 'CA019015J'];
/** Well-formed case numbers no agency has. */
const UNKNOWN_CASE_NUMBERS = ['ZZ-123', '24-999999'];

/** Roles that see records (and the SUBJECT, whose rights depend on the data) come up more often. */
function roleArbitrary(): fc.Arbitrary<OracleRole> {
  const weight = (role: OracleRole) =>
    ['POLICY_OFFICER', 'DOJ_AUDITOR', 'AGENCY_COORDINATOR', 'NONCRIMINAL_AGENCY'].includes(role) ? 1 : 3;
  return fc.oneof(...ORACLE_ROLES.map((role) => ({ weight: weight(role), arbitrary: fc.constant(role) })));
}

/**
 * Random callers: one to three roles, a purpose (mostly one a role may state, sometimes any), with or
 * without a case number; a SUBJECT's `sub` is a person of the dataset.
 */
export function callerArbitrary(pools: Pools): fc.Arbitrary<OracleCaller> {
  const roleCount = fc.oneof(
    { weight: 15, arbitrary: fc.constant(1) },
    { weight: 4, arbitrary: fc.constant(2) },
    { weight: 1, arbitrary: fc.constant(3) },
  );
  return roleCount
    .chain((count) => fc.uniqueArray(roleArbitrary(), { minLength: count, maxLength: count }))
    .chain((roles: OracleRole[]) => {
      const statable = [...new Set(roles.flatMap((role) => PURPOSES_BY_ROLE[role]))];
      const purpose: fc.Arbitrary<OraclePurpose> = fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...statable) },
        { weight: 1, arbitrary: fc.constantFrom(...ORACLE_PURPOSES) },
      );
      const stated = whoArbitrary(pools, roles).chain((who) =>
        fc.record({ who: fc.constant(who), caseNumber: caseNumberArbitrary(pools, who) }),
      );
      return fc.record({ roles: fc.constant(roles), purpose, stated }).map(({ stated: { who, caseNumber }, ...rest }): OracleCaller => ({
        ...rest,
        ...who,
        caseNumber,
        hasNeedToKnow: caseNumber !== undefined && isValidCase(pools.cases, who.sub, who.ori, caseNumber),
      }));
    });
}

/**
 * Who asks: a SUBJECT is a person of the dataset; others are mostly users assigned to a case of the agency
 * records (so that their case numbers can show need to know), sometimes users with no case.
 */
function whoArbitrary(pools: Pools, roles: readonly OracleRole[]): fc.Arbitrary<{ sub: string; ori: string }> {
  if (roles.includes('SUBJECT')) {
    const sub = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...pools.personIds) }, { weight: 1, arbitrary: fc.constant('u-nobody') });
    return fc.record({ sub, ori: fc.constantFrom(...ORIS) });
  }
  const assigned = pools.cases.flatMap((c) => c.assigned.map((sub) => ({ sub, ori: c.ori })));
  const unassigned = fc.record({ sub: fc.constantFrom('u-fuzz-1', 'u-fuzz-2'), ori: fc.constantFrom(...ORIS) });
  return assigned.length === 0
    ? unassigned
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...assigned) }, { weight: 1, arbitrary: unassigned });
}

/**
 * A stated case number: none, one of the caller's own cases, or any of the agency records' (open, closed,
 * someone else's, another agency's) or an unknown one.
 */
function caseNumberArbitrary(pools: Pools, who: { sub: string; ori: string }): fc.Arbitrary<string | undefined> {
  const own = pools.cases.filter((c) => c.ori === who.ori && c.assigned.includes(who.sub)).map((c) => c.caseNumber);
  const any = fc.constantFrom(...pools.cases.map((c) => c.caseNumber), ...UNKNOWN_CASE_NUMBERS);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: own.length > 0 ? fc.constantFrom(...own) : any },
    { weight: 3, arbitrary: any },
  );
}

/** The oracle's rule of need to know (contracts C1): an OPEN case of the caller's agency, assigned to the caller. */
function isValidCase(cases: readonly StatedCase[], sub: string, ori: string, caseNumber: string): boolean {
  return cases.some((c) => c.ori === ori && c.caseNumber === caseNumber && c.status === 'OPEN' && c.assigned.includes(sub));
}

/**
 * Random (caller, operation) pairs. A SUBJECT's operations are mostly about themselves (their own record
 * against everybody else's is what the oracle has to tell apart); others' about any person of the pools.
 */
export function caseArbitrary(schema: GraphQLSchema, pools: Pools): fc.Arbitrary<[OracleCaller, GeneratedOperation]> {
  const operations = operationGenerator(schema, pools);
  return callerArbitrary(pools).chain((caller) => {
    const own = caller.roles.includes('SUBJECT') ? pools.foci.find((focus) => focus.personId === caller.sub) : undefined;
    const anyone = fc.oneof(...pools.foci.map((f) => ({ weight: f.weight, arbitrary: fc.constant(f) })));
    const focus = own ? fc.oneof({ weight: 3, arbitrary: fc.constant(own) }, { weight: 1, arbitrary: anyone }) : anyone;
    return focus.chain((f) => operations(f)).map((operation): [OracleCaller, GeneratedOperation] => [caller, operation]);
  });
}

/**
 * Random operations over the whole API: one to three entry points with real ids (as literals or
 * variables), nested selections three levels deep through entities, lists and the NCIC interface, with
 * aliases (decoys included), inline fragments, named fragments and @include/@skip (literal or variable).
 * Every selection set also selects the record's identifying fields (records.ts), so that the oracle can
 * tell which record each value belongs to. Only operations valid against the schema.
 */
export function operationGenerator(schema: GraphQLSchema, pools: Pools): (focus: Focus) => fc.Arbitrary<GeneratedOperation> {
  const generator = new SelectionGenerator(schema);
  const query = schema.getQueryType()!;
  const entries = entryPoints(pools)
    .filter((entry) => query.getFields()[entry.field])
    .map((entry) => {
      const named = getNamedType(query.getFields()[entry.field].type);
      const children = isLeafType(named) ? fc.constant(undefined) : generator.selections(named as Composite, DEPTH - 1);
      return { ...entry, children };
    });
  return (focus) => {
    const root = fc.oneof(
      ...entries.map((entry) => ({
        weight: entry.weight,
        arbitrary: fc.record({
          field: fc.constant(entry.field),
          args: entry.args(focus),
          byVariables: fc.boolean(),
          children: entry.children,
        }),
      })),
    );
    return fc
      .array(root, { minLength: 1, maxLength: 3 })
      .map((roots) => new OperationPrinter(schema).print(roots))
      .filter((operation) => validate(schema, parse(operation.query)).length === 0);
  };
}

class SelectionGenerator {
  private readonly cache = new Map<string, fc.Arbitrary<Selection[]>>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** A selection set on `type`; `prefix` makes response keys unique per concrete type under an interface. */
  selections(type: Composite, depth: number, prefix = ''): fc.Arbitrary<Selection[]> {
    const key = `${type.name}|${depth}|${prefix}`;
    let arbitrary = this.cache.get(key);
    if (!arbitrary) {
      arbitrary = isInterfaceType(type) ? this.abstractSelections(type, depth) : this.objectSelections(type, depth, prefix);
      this.cache.set(key, arbitrary);
    }
    return arbitrary;
  }

  private objectSelections(type: GraphQLObjectType, depth: number, prefix: string): fc.Arbitrary<Selection[]> {
    const fields = Object.values(type.getFields()).filter((field) =>
      field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined),
    );
    const field = fc.oneof(...fields.map((f) => ({ weight: FAVOURED.has(f.name) ? 4 : 1, arbitrary: fc.constant(f) })));
    return fc
      .uniqueArray(field, { minLength: Math.min(2, fields.length), maxLength: Math.min(6, fields.length) })
      .chain((chosen) => fc.tuple(...chosen.map((field) => this.wrapped(type, this.field(type, field, depth, prefix)))))
      .chain((selections) => fc.boolean().map((typename): Selection[] => (typename ? [...selections, { kind: 'typename' }] : selections)));
  }

  /** The NCIC interface: its own fields and inline fragments on the record types that implement it. */
  private abstractSelections(type: GraphQLInterfaceType, depth: number): fc.Arbitrary<Selection[]> {
    const own = Object.values(type.getFields());
    const implementations = this.schema.getPossibleTypes(type);
    const fragment = (impl: GraphQLObjectType) =>
      this.selections(impl, depth, `${impl.name.replace(/[a-z]/g, '').toLowerCase()}_`).map((children): Selection => ({
        kind: 'inline',
        on: impl.name,
        children,
      }));
    return fc
      .tuple(
        fc.subarray(own).map((fields) => fields.map((field): Selection => ({ kind: 'field', field: field.name }))),
        fc
          .uniqueArray(fc.constantFrom(...implementations), { minLength: 1, maxLength: implementations.length })
          .chain((chosen) => fc.tuple(...chosen.map(fragment))),
      )
      .map(([fields, fragments]) => [...fields, ...fragments]);
  }

  private field(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, depth: number, prefix: string): fc.Arbitrary<Selection> {
    const named = getNamedType(field.type);
    // A decoy never takes the name of an identifying field of the type: the oracle selects those itself,
    // and Apollo's query planner mixes up a field aliased to an entity key's name with the key
    // (apollographql/federation#3036; the gateway answers HTTP 400).
    const taken = keyNames(type.name);
    const decoys = DECOYS.filter((decoy) => prefix !== '' || decoy === field.name || !taken.includes(decoy));
    const alias = fc.oneof(
      { weight: 9, arbitrary: fc.constant(prefix ? `${prefix}${field.name}` : undefined) },
      { weight: 2, arbitrary: fc.constantFrom(...DECOYS).map((decoy) => `${prefix}${decoy}_${field.name}`) },
      { weight: 1, arbitrary: fc.constantFrom(...decoys).map((decoy) => `${prefix}${decoy}`) },
    );
    let children: fc.Arbitrary<Selection[] | undefined>;
    if (isLeafType(named)) children = fc.constant(undefined);
    else if (depth > 0) children = this.selections(named as Composite, depth - 1, '');
    else children = this.leafOnly(named as Composite);
    return fc
      .record({ kind: fc.constant('field' as const), field: fc.constant(field.name), alias, directive: directiveArbitrary(), children })
      .map(withoutUndefined);
  }

  /** At the bottom: one leaf of the type (or its __typename), so the object's existence is still asked. */
  private leafOnly(type: Composite): fc.Arbitrary<Selection[]> {
    const leaves = isObjectType(type) ? Object.values(type.getFields()).filter((field) => isLeafType(getNamedType(field.type))) : [];
    if (leaves.length === 0) return fc.constant([{ kind: 'typename' }]);
    return fc.constantFrom(...leaves).map((field): Selection[] => [{ kind: 'field', field: field.name }]);
  }

  /** Sometimes inside an inline fragment (typed or not) or a named fragment. */
  private wrapped(type: GraphQLObjectType, selection: fc.Arbitrary<Selection>): fc.Arbitrary<Selection> {
    return fc.tuple(selection, fc.nat(19), directiveArbitrary()).map(([inner, roll, directive]): Selection => {
      if (roll < 13) return inner;
      if (roll < 16) return { kind: 'inline', on: type.name, children: [inner], ...(directive ? { directive } : {}) };
      if (roll < 17) return { kind: 'inline', children: [inner], directive: directive ?? { name: 'include', value: true, variable: true } };
      return { kind: 'fragment', on: type.name, children: [inner], ...(directive ? { directive } : {}) };
    });
  }
}

/** Mostly none; otherwise @include or @skip, literal or through a variable, keeping or dropping. */
function directiveArbitrary(): fc.Arbitrary<Directive | undefined> {
  const directive = fc.record({ name: fc.constantFrom('include' as const, 'skip' as const), value: fc.boolean(), variable: fc.boolean() });
  return fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: directive });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Prints the plan as a document: variables declared, fragments defined, identifying keys added. */
class OperationPrinter {
  private readonly variables: Record<string, unknown> = {};
  private readonly definitions: string[] = [];
  private readonly fragments: string[] = [];

  constructor(private readonly schema: GraphQLSchema) {}

  print(roots: Root[]): GeneratedOperation {
    const query = this.schema.getQueryType()!;
    const fields = roots.map((root, index) => {
      const field = query.getFields()[root.field];
      const args = field.args
        .filter((arg) => root.args[arg.name] !== undefined)
        .map((arg) => {
          const value = root.args[arg.name];
          if (root.byVariables) return `${arg.name}: ${this.variable(`r${index}${arg.name}`, String(arg.type), value)}`;
          return `${arg.name}: ${print(astFromValue(value, arg.type)!)}`;
        });
      const named = getNamedType(field.type);
      const body = root.children ? ` ${this.selectionSet(named as Composite, root.children)}` : '';
      return `r${index}: ${root.field}${args.length > 0 ? `(${args.join(', ')})` : ''}${body}`;
    });
    const header = this.definitions.length > 0 ? `query Fuzz(${this.definitions.join(', ')}) ` : '';
    return { query: [`${header}{ ${fields.join(' ')} }`, ...this.fragments].join('\n'), variables: this.variables };
  }

  private selectionSet(type: Composite, selections: Selection[]): string {
    const parts = selections.map((selection) => this.selection(type, selection));
    const keys = KEY_SELECTIONS[type.name];
    return `{ ${[...parts, ...(keys ? [keys] : [])].join(' ')} }`;
  }

  private selection(type: Composite, selection: Selection): string {
    switch (selection.kind) {
      case 'typename':
        return '__typename';
      case 'field': {
        const field = type.getFields()[selection.field];
        const alias = selection.alias ? `${selection.alias}: ` : '';
        const body = selection.children ? ` ${this.selectionSet(getNamedType(field.type) as Composite, selection.children)}` : '';
        return `${alias}${selection.field}${this.directive(selection.directive)}${body}`;
      }
      case 'inline': {
        const on = selection.on ? (this.schema.getType(selection.on) as Composite) : type;
        const inner = selection.children.map((child) => this.selection(on, child)).join(' ');
        return `...${selection.on ? ` on ${selection.on}` : ''}${this.directive(selection.directive)} { ${inner} }`;
      }
      case 'fragment': {
        const name = `F${this.fragments.length}`;
        const on = this.schema.getType(selection.on) as Composite;
        // Reserve the slot before printing the body: nested fragments take the following numbers.
        this.fragments.push('');
        const inner = selection.children.map((child) => this.selection(on, child)).join(' ');
        this.fragments[Number(name.slice(1))] = `fragment ${name} on ${selection.on} { ${inner} }`;
        return `...${name}${this.directive(selection.directive)}`;
      }
    }
  }

  private directive(directive: Directive | undefined): string {
    if (!directive) return '';
    const value = directive.variable
      ? this.variable(`d${Object.keys(this.variables).length}`, 'Boolean!', directive.value)
      : String(directive.value);
    return ` @${directive.name}(if: ${value})`;
  }

  private variable(name: string, type: string, value: unknown): string {
    this.variables[name] = value;
    this.definitions.push(`$${name}: ${type}`);
    return `$${name}`;
  }
}
