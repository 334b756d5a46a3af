import {
  getNamedType,
  type GraphQLSchema,
  isAbstractType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type SelectionSetNode,
  validate,
} from 'graphql';
import type { AuditEvent } from '../../audit/event.ts';
import { isRole, parsePurpose } from '../../common/vocabulary.ts';
import { decideStatically } from './decide.ts';
import type { DecisionContext, Policy, StaticDecision } from './types.ts';

/**
 * Replays the audit trail under a candidate policy: each recorded request (operation text, roles,
 * purpose, need to know) is decided again, field by field, under the live policy and the candidate, with
 * decideStatically() — the decision the gateway prunes with — and the differences are counted: who would
 * newly see what, who would lose what, and what would be left to the data (a condition on the record).
 *
 * Work is shared: an operation is parsed, validated and walked once (by its text), and its decisions are
 * made once per caller shape (roles × purpose × need to know), so a month of traffic, hundreds of
 * thousands of events with a few hundred distinct operations and shapes, replays in seconds.
 *
 * Need to know: a stated case (incident) number counts when the event recorded it VALID, or when the event
 * predates the check (version 1, no status) — static tools treat a given number as valid (contract C4).
 */

export type Verdict = 'allow' | 'deny' | 'depends';
export type ChangeKind = 'disclosed' | 'withheld' | 'needsData';

/** Requests and users a change concerns, with a few request ids to look up in the trail. */
export interface FieldImpact {
  coordinate: string;
  live: Verdict;
  candidate: Verdict;
  requests: number;
  users: number;
  /**
   * Of those requests, how many the trail records as having this field disclosed (for `withheld`) or
   * denied (for `disclosed`): the change is certain there, not only asked for.
   */
  recorded: number;
  exampleRequestIds: string[];
}

export interface Tally {
  key: string;
  requests: number;
}

export interface ShadowImpact {
  coordinate: string;
  live: 'ALLOW' | 'DENY';
  candidate: 'ALLOW' | 'DENY';
  requests: number;
  exampleRequestIds: string[];
}

export interface ReplayReport {
  policies: { live: string; candidate: string };
  events: {
    read: number;
    replayed: number;
    /** Events not replayed, by why (no operation, refused before any policy applies, invalid operation). */
    skipped: Tally[];
    /** Replayed events that were recorded under a policy version other than the live one given. */
    recordedUnderOtherVersion: number;
  };
  affected: {
    requests: number;
    users: number;
    /** Affected requests per role the caller held, and per agency. */
    roles: Tally[];
    agencies: Tally[];
    /** Requests whose stated purpose the candidate would refuse (403) / permit, where the live policy did the opposite. */
    newlyRefused: number;
    newlyPermitted: number;
  };
  newlyDisclosed: FieldImpact[];
  newlyWithheld: FieldImpact[];
  /** Changes to or from a decision that depends on the record (a data condition decides per record). */
  needsData: FieldImpact[];
  /** Differences recorded by shadow mode (events' `shadow`, a candidate run beside the live policy). */
  shadow: { events: number; eventsWithDifferences: number; candidateVersions: string[]; differences: ShadowImpact[] };
  /** Distinct operations and operation × caller-shape pairs decided (the work actually done). */
  work: { operations: number; decisions: number };
}

const EXAMPLES = 3;

/** The events a policy never decided: refused before planning, or with no caller or operation to replay. */
const NOT_DECIDED: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: 'refused before any policy applies (no valid token)',
  QUERY_TOO_COMPLEX: 'refused before any policy applies (operation limits)',
  RATE_LIMITED: 'refused before any policy applies (rate limit)',
};

/** The parts of an event the replay reads (so that tests and the simulator can pass plain objects). */
export type ReplayEvent = Pick<
  AuditEvent,
  | 'requestId'
  | 'userId'
  | 'ori'
  | 'roles'
  | 'purpose'
  | 'caseNumber'
  | 'operationName'
  | 'operationText'
  | 'fieldsDisclosed'
  | 'fieldsDenied'
  | 'outcome'
> &
  Partial<Pick<AuditEvent, 'caseStatus' | 'incidentNumber' | 'incidentStatus' | 'policyVersion' | 'shadow'>>;

export function replayEvents(events: Iterable<ReplayEvent>, live: Policy, candidate: Policy, schema: GraphQLSchema): ReplayReport {
  const replayer = new PolicyReplayer(live, candidate, schema);
  for (const event of events) replayer.add(event);
  return replayer.report();
}

interface OperationChange {
  coordinate: string;
  kind: ChangeKind;
  live: Verdict;
  candidate: Verdict;
}
interface ShapeResult {
  changes: OperationChange[];
  liveRefused: boolean;
  candidateRefused: boolean;
}
interface Impact {
  coordinate: string;
  live: Verdict;
  candidate: Verdict;
  requests: number;
  users: Set<string>;
  recorded: number;
  examples: string[];
}

/** Replays events one at a time (a store is read page by page); `report()` sums up. */
export class PolicyReplayer {
  /** Per operation (name + text): a small id for the result cache, and its coordinates or why it cannot be replayed. */
  private readonly operations = new Map<string, { id: number; coordinates: string[] | string }>();
  private readonly results = new Map<string, ShapeResult>();
  private readonly shapeDecisions = new Map<string, Map<string, [StaticDecision['kind'], StaticDecision['kind']]>>();
  private read = 0;
  private replayed = 0;
  private otherVersion = 0;
  private readonly skipped = new Map<string, number>();
  private affectedRequests = 0;
  private readonly affectedUsers = new Set<string>();
  private readonly roles = new Map<string, number>();
  private readonly agencies = new Map<string, number>();
  private newlyRefused = 0;
  private newlyPermitted = 0;
  private readonly impacts = new Map<string, Impact>();
  private shadowEvents = 0;
  private shadowDifferent = 0;
  private readonly shadowVersions = new Set<string>();
  private readonly shadowImpacts = new Map<string, ShadowImpact>();

  constructor(
    private readonly live: Policy,
    private readonly candidate: Policy,
    private readonly schema: GraphQLSchema,
  ) {}

  add(event: ReplayEvent): void {
    this.read++;
    if (event.shadow) this.addShadow(event);
    const notDecided = NOT_DECIDED[event.outcome];
    if (notDecided) return this.skip(notDecided);
    if (!event.operationText) return this.skip('no operation text recorded');
    const purpose = event.purpose === null ? undefined : parsePurpose(event.purpose);
    const roles = event.roles.filter(isRole);
    if (!purpose || roles.length === 0) return this.skip('no purpose or roles recorded');
    const operation = this.operationOf(event);
    if (typeof operation.coordinates === 'string') return this.skip(operation.coordinates);

    this.replayed++;
    if (event.policyVersion && event.policyVersion !== this.live.version) this.otherVersion++;
    const context: DecisionContext = {
      sub: event.userId ?? 'replay',
      ori: event.ori ?? 'XX0000000',
      roles,
      purpose,
      caseNumber: counts(event.caseNumber, event.caseStatus) ? event.caseNumber! : undefined,
      incidentNumber: counts(event.incidentNumber ?? null, event.incidentStatus) ? event.incidentNumber! : undefined,
    };
    const result = this.resultFor(operation.id, context, operation.coordinates);
    if (result.liveRefused && !result.candidateRefused) this.newlyPermitted++;
    if (!result.liveRefused && result.candidateRefused) this.newlyRefused++;
    if (result.changes.length === 0) return;

    this.affectedRequests++;
    const user = event.userId ?? '(unknown user)';
    this.affectedUsers.add(user);
    for (const role of new Set(roles)) this.roles.set(role, (this.roles.get(role) ?? 0) + 1);
    const agency = event.ori ?? '(unknown agency)';
    this.agencies.set(agency, (this.agencies.get(agency) ?? 0) + 1);
    for (const change of result.changes) {
      const key = `${change.kind}|${change.coordinate}|${change.live}|${change.candidate}`;
      let impact = this.impacts.get(key);
      if (!impact) {
        impact = {
          coordinate: change.coordinate,
          live: change.live,
          candidate: change.candidate,
          requests: 0,
          users: new Set(),
          recorded: 0,
          examples: [],
        };
        this.impacts.set(key, impact);
      }
      impact.requests++;
      impact.users.add(user);
      if (change.kind === 'withheld' && event.fieldsDisclosed.includes(change.coordinate)) impact.recorded++;
      if (change.kind === 'disclosed' && event.fieldsDenied.includes(change.coordinate)) impact.recorded++;
      if (impact.examples.length < EXAMPLES) impact.examples.push(event.requestId);
    }
  }

  report(): ReplayReport {
    const impacts = (kind: ChangeKind): FieldImpact[] =>
      [...this.impacts]
        .filter(([key]) => key.startsWith(`${kind}|`))
        .map(([, impact]) => ({
          coordinate: impact.coordinate,
          live: impact.live,
          candidate: impact.candidate,
          requests: impact.requests,
          users: impact.users.size,
          recorded: impact.recorded,
          exampleRequestIds: impact.examples,
        }))
        .sort(byRequestsThenName((impact) => impact.coordinate));
    return {
      policies: { live: this.live.version, candidate: this.candidate.version },
      events: { read: this.read, replayed: this.replayed, skipped: tallies(this.skipped), recordedUnderOtherVersion: this.otherVersion },
      affected: {
        requests: this.affectedRequests,
        users: this.affectedUsers.size,
        roles: tallies(this.roles),
        agencies: tallies(this.agencies),
        newlyRefused: this.newlyRefused,
        newlyPermitted: this.newlyPermitted,
      },
      newlyDisclosed: impacts('disclosed'),
      newlyWithheld: impacts('withheld'),
      needsData: impacts('needsData'),
      shadow: {
        events: this.shadowEvents,
        eventsWithDifferences: this.shadowDifferent,
        candidateVersions: [...this.shadowVersions].sort(),
        differences: [...this.shadowImpacts.values()].sort(byRequestsThenName((impact) => impact.coordinate)),
      },
      work: { operations: this.operations.size, decisions: this.results.size },
    };
  }

  private skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  private addShadow(event: ReplayEvent): void {
    const shadow = event.shadow!;
    this.shadowEvents++;
    if (shadow.differences.length > 0) this.shadowDifferent++;
    this.shadowVersions.add(shadow.policyVersion);
    for (const difference of shadow.differences) {
      const key = `${difference.coordinate}|${difference.live}|${difference.candidate}`;
      const impact = this.shadowImpacts.get(key) ?? { ...difference, requests: 0, exampleRequestIds: [] };
      impact.requests++;
      if (impact.exampleRequestIds.length < EXAMPLES) impact.exampleRequestIds.push(event.requestId);
      this.shadowImpacts.set(key, impact);
    }
  }

  /** The field coordinates the event's operation selects, or why it cannot be replayed; once per operation. */
  private operationOf(event: ReplayEvent): { id: number; coordinates: string[] | string } {
    // Keyed by the text itself, not the recorded hash: a trail's hash is only as good as whoever wrote it.
    const key = `${event.operationName ?? ''}|${event.operationText}`;
    let operation = this.operations.get(key);
    if (operation === undefined) {
      operation = { id: this.operations.size, coordinates: operationCoordinates(this.schema, event.operationText!, event.operationName) };
      this.operations.set(key, operation);
    }
    return operation;
  }

  private resultFor(operationId: number, context: DecisionContext, coordinates: readonly string[]): ShapeResult {
    const shape = `${[...new Set(context.roles)].sort().join('+')}|${context.purpose}|${context.caseNumber ? 'case' : ''}|${context.incidentNumber ? 'incident' : ''}`;
    const key = `${shape}|${operationId}`;
    let result = this.results.get(key);
    if (result) return result;
    let decisions = this.shapeDecisions.get(shape);
    if (!decisions) {
      decisions = new Map();
      this.shapeDecisions.set(shape, decisions);
    }
    const changes: OperationChange[] = [];
    for (const coordinate of coordinates) {
      let pair = decisions.get(coordinate);
      if (!pair) {
        pair = [decideStatically(this.live, context, coordinate).kind, decideStatically(this.candidate, context, coordinate).kind];
        decisions.set(coordinate, pair);
      }
      const [live, candidate] = pair;
      if (live === candidate) continue;
      const kind: ChangeKind =
        live === 'deny' && candidate === 'allow' ? 'disclosed' : live === 'allow' && candidate === 'deny' ? 'withheld' : 'needsData';
      changes.push({ coordinate, kind, live, candidate });
    }
    const refused = (policy: Policy) => !context.roles.some((role) => policy.purposesByRole.get(role)?.has(context.purpose));
    result = { changes, liveRefused: refused(this.live), candidateRefused: refused(this.candidate) };
    this.results.set(key, result);
    return result;
  }
}

/** A stated number counts unless the event recorded that it did not (contract C3: a status other than VALID). */
function counts(number: string | null, status: string | null | undefined): boolean {
  return Boolean(number) && (status === undefined || status === null || status === 'VALID');
}

/**
 * Every field coordinate an operation may select, or why it cannot be replayed. Aliases are read by field
 * name; fragments (named and inline) are followed; a field selected on an interface or union counts for
 * each possible type; `@skip` / `@include` are ignored (the field may be asked for: conservative).
 */
export function operationCoordinates(schema: GraphQLSchema, text: string, operationName: string | null): string[] | string {
  let document: DocumentNode;
  try {
    document = parse(text, { noLocation: true });
  } catch {
    return 'operation does not parse';
  }
  if (validate(schema, document).length > 0) return 'operation is not valid against the API schema';
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return 'operation to run is not identifiable (several operations, no operation name)';
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const root =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : operation.operation === OperationTypeNode.MUTATION
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 'operation type not in the API schema';

  const coordinates = new Set<string>();
  const visited = new Set<string>();
  const walk = (type: GraphQLNamedType, selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue; // __typename is not data; __schema / __type describe the schema only
        const owners = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
        for (const owner of owners) {
          const field = owner.getFields()[name];
          if (!field) continue;
          coordinates.add(`${owner.name}.${name}`);
          if (selection.selectionSet) walk(getNamedType(field.type), selection.selectionSet);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (narrowed) walk(narrowed, selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        const narrowed = fragment && schema.getType(fragment.typeCondition.name.value);
        const key = `${selection.name.value}|${type.name}`;
        if (!fragment || !narrowed || visited.has(key)) continue;
        visited.add(key);
        walk(narrowed, fragment.selectionSet);
      }
    }
  };
  walk(root, operation.selectionSet);
  return [...coordinates];
}

function tallies(counts: ReadonlyMap<string, number>): Tally[] {
  return [...counts].map(([key, requests]) => ({ key, requests })).sort(byRequestsThenName((tally) => tally.key));
}

function byRequestsThenName<T extends { requests: number }>(name: (item: T) => string) {
  return (a: T, b: T) => b.requests - a.requests || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
}

/** The report for a person. */
export function formatReplayReport(report: ReplayReport, labels: { live: string; candidate: string }): string[] {
  const { events, affected } = report;
  const lines = [
    `policy replay: live ${labels.live} (${report.policies.live.slice(0, 12)}) vs candidate ${labels.candidate} (${report.policies.candidate.slice(0, 12)})`,
    `events: ${events.read} read, ${events.replayed} replayed${events.skipped.map((s) => `, ${s.requests} skipped: ${s.key}`).join('')}`,
  ];
  if (events.recordedUnderOtherVersion > 0) {
    lines.push(
      `note: ${events.recordedUnderOtherVersion} replayed events were recorded under another policy version than the live one given`,
    );
  }
  lines.push(`affected: ${affected.requests} requests, ${affected.users} users`);
  if (affected.requests > 0) {
    lines.push(`  roles: ${affected.roles.map((t) => `${t.key} ${t.requests}`).join(', ')}`);
    lines.push(`  agencies: ${affected.agencies.map((t) => `${t.key} ${t.requests}`).join(', ')}`);
  }
  if (affected.newlyRefused > 0)
    lines.push(`  ${affected.newlyRefused} requests would be refused: their roles could no longer state the purpose`);
  if (affected.newlyPermitted > 0)
    lines.push(`  ${affected.newlyPermitted} refused requests would be permitted: their roles could state the purpose`);
  const section = (title: string, impacts: readonly FieldImpact[], recordedAs?: string) => {
    if (impacts.length === 0) return;
    lines.push('', `${title}:`);
    for (const impact of impacts) {
      const verdicts = impact.live === 'depends' || impact.candidate === 'depends' ? ` (${impact.live} -> ${impact.candidate})` : '';
      const recorded = recordedAs ? ` (${impact.recorded} ${recordedAs})` : '';
      lines.push(
        `  ${impact.coordinate}${verdicts}: ${impact.requests} requests${recorded}, ${impact.users} users; e.g. ${impact.exampleRequestIds.join(', ')}`,
      );
    }
  };
  section('newly disclosed', report.newlyDisclosed, 'recorded as denied');
  section('newly withheld', report.newlyWithheld, 'recorded as disclosed');
  section('decided on the record instead (or no longer)', report.needsData);
  if (report.shadow.events > 0) {
    const versions = report.shadow.candidateVersions.map((v) => v.slice(0, 12)).join(', ');
    lines.push(
      '',
      `shadow mode: ${report.shadow.events} events recorded by a candidate (${versions}), ${report.shadow.eventsWithDifferences} with differences:`,
    );
    for (const d of report.shadow.differences) {
      lines.push(`  ${d.coordinate} ${d.live} -> ${d.candidate}: ${d.requests} requests; e.g. ${d.exampleRequestIds.join(', ')}`);
    }
  }
  lines.push('', `work: ${report.work.operations} distinct operations, ${report.work.decisions} operation x caller-shape decisions`);
  return lines;
}
