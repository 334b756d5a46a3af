import { nowSeconds, today } from '../common/clock.ts';
import { badUserInput } from '../common/errors.ts';
import { parseIdempotencyKey, runOnce } from '../common/idempotency.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import { parsePlate, parseVin } from '../common/validate.ts';
import type { RmsLoaders } from './loaders.ts';
import {
  CASE_EXAMPLE,
  conflict,
  forbidden,
  INCIDENT_EXAMPLE,
  notFound,
  parseCaseType,
  parseIncidentType,
  parseNumber,
  parsePersonId,
  parseText,
  parseUnit,
  parseUserId,
} from './parse.ts';
import { recordKey, type AssignmentRow, type CaseRow, type IncidentRow } from './queries.ts';
import * as wq from './workflow-queries.ts';

/**
 * RMS/CAD workflows: an agency's users open, staff and close their cases and link the persons and vehicles
 * they concern; dispatchers create incidents and send units, patrol officers self-initiate traffic stops.
 * The policy decides which roles may call each mutation (policies/rms.yaml); this source checks ownership
 * from the signed caller context: the agency is always the caller's ORI, and only a case's LEAD or
 * SUPERVISOR may close it or assign users, only an assigned user may link to it, only a unit may clear an
 * incident. The roster lives in personnel.sqlite, outside this source: a user id of another agency may be
 * assigned or dispatched, but gains nothing, since need to know is only ever established at one's own ORI.
 */

type Context = SubgraphContext<RmsLoaders>;

/** Roles that carry cases (the policy names the same; checked again here, deny by default). */
const CASE_ROLES = ['INVESTIGATOR', 'COURT_CLERK'];
const MANAGERS: readonly AssignmentRow['role'][] = ['LEAD', 'SUPERVISOR'];
const ASSIGNMENT_ROLES = ['LEAD', 'ASSIST', 'SUPERVISOR'] as const;
const PERSON_ROLES = ['SUSPECT', 'VICTIM', 'WITNESS', 'INVOLVED'] as const;
/** Most units and persons one createIncident may name. */
const MAX_LISTED = 20;

interface OpenCaseInput {
  number?: string | null;
  type: string;
  title: string;
}

interface CreateIncidentInput {
  type: string;
  location: string;
  unit: string;
  units?: { userId: string; unit: string }[] | null;
  plate?: string | null;
  vin?: string | null;
  personIds?: string[] | null;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], argument: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw badUserInput(argument, `"${value}" is not one of ${allowed.join(', ')}.`);
  return value as T;
}

/** The case at the caller's agency (another agency's is not found, exactly like an unknown one). */
function ownCase(ctx: Context, number: string): CaseRow {
  const row = wq.caseAt(ctx.store, ctx.caller.ori, number);
  if (!row) throw notFound('case', number);
  return row;
}

function requireManager(ctx: Context, row: CaseRow): void {
  const assignment = wq.assignmentOf(ctx.store, row.ori, row.number, ctx.caller.sub);
  if (!assignment || !MANAGERS.includes(assignment.role)) throw forbidden(`Only the lead or supervisor of case ${row.number} may do this.`);
}

function requireAssigned(ctx: Context, row: CaseRow): void {
  if (!wq.assignmentOf(ctx.store, row.ori, row.number, ctx.caller.sub)) throw forbidden(`Case ${row.number} is not assigned to you.`);
}

function requireOpen(row: CaseRow): void {
  if (row.status !== 'OPEN') throw conflict(`Case ${row.number} is ${row.status}.`);
}

/** The next number after the agency's highest with this prefix: `26-000042`, `I26-0001234`. */
function nextNumber(ctx: Context, table: 'cases' | 'incidents', prefix: string, digits: number): string {
  const highest = wq.highestNumber(ctx.store, table, ctx.caller.ori, prefix, prefix.length + digits);
  const next = (highest ? Number(highest.slice(prefix.length)) : 0) + 1;
  if (next >= 10 ** digits) throw conflict(`The agency has used every ${prefix} number.`);
  return `${prefix}${String(next).padStart(digits, '0')}`;
}

function loadCase(ctx: Context, number: string): Promise<CaseRow | null> {
  return ctx.loaders.caseByKey.load(recordKey(ctx.caller.ori, number));
}

function loadIncident(ctx: Context, number: string): Promise<IncidentRow | null> {
  return ctx.loaders.incidentByKey.load(recordKey(ctx.caller.ori, number));
}

/** Runs a case mutation once per key: `write` returns the case number it wrote to. */
function onCase(ctx: Context, key: string, operation: string, write: () => string): Promise<CaseRow | null> {
  return loadCase(ctx, runOnce(ctx.store, ctx.caller.sub, parseIdempotencyKey(key), operation, write));
}

export const workflowResolvers = {
  Mutation: {
    openCase(_: unknown, args: { input: OpenCaseInput; idempotencyKey: string }, ctx: Context) {
      const stated = args.input.number == null ? undefined : parseNumber(args.input.number, 'input.number', CASE_EXAMPLE);
      const type = parseCaseType(args.input.type, 'input.type');
      const title = parseText(args.input.title, 'input.title');
      if (!ctx.caller.roles.some((role) => CASE_ROLES.includes(role))) throw forbidden('Only investigators and court clerks open cases.');
      return onCase(ctx, args.idempotencyKey, 'openCase', () => {
        const on = today();
        const number = stated ?? nextNumber(ctx, 'cases', `${on.slice(2, 4)}-`, 6);
        if (wq.caseAt(ctx.store, ctx.caller.ori, number)) throw conflict(`Case ${number} already exists at your agency.`);
        wq.insertCase(ctx.store, { ori: ctx.caller.ori, number, type, status: 'OPEN', title, openedOn: on, closedOn: null });
        wq.upsertAssignment(ctx.store, { ori: ctx.caller.ori, caseNumber: number, userId: ctx.caller.sub, role: 'LEAD', assignedOn: on });
        return number;
      });
    },

    closeCase(_: unknown, args: { number: string; idempotencyKey: string }, ctx: Context) {
      const number = parseNumber(args.number, 'number', CASE_EXAMPLE);
      return onCase(ctx, args.idempotencyKey, 'closeCase', () => {
        const row = ownCase(ctx, number);
        requireManager(ctx, row);
        if (row.status === 'CLOSED') throw conflict(`Case ${number} is already CLOSED.`);
        wq.closeCase(ctx.store, row.ori, number, today());
        return number;
      });
    },

    assignCaseUser(_: unknown, args: { number: string; userId: string; role: string; idempotencyKey: string }, ctx: Context) {
      const number = parseNumber(args.number, 'number', CASE_EXAMPLE);
      const userId = parseUserId(args.userId, 'userId');
      const role = oneOf(args.role, ASSIGNMENT_ROLES, 'role');
      return onCase(ctx, args.idempotencyKey, 'assignCaseUser', () => {
        const row = ownCase(ctx, number);
        requireManager(ctx, row);
        if (row.status === 'CLOSED') throw conflict(`Case ${number} is CLOSED.`);
        wq.upsertAssignment(ctx.store, { ori: row.ori, caseNumber: number, userId, role, assignedOn: today() });
        return number;
      });
    },

    linkCasePerson(_: unknown, args: { number: string; personId: string; role: string; idempotencyKey: string }, ctx: Context) {
      const number = parseNumber(args.number, 'number', CASE_EXAMPLE);
      const personId = parsePersonId(args.personId, 'personId');
      const role = oneOf(args.role, PERSON_ROLES, 'role');
      return onCase(ctx, args.idempotencyKey, 'linkCasePerson', () => {
        const row = ownCase(ctx, number);
        requireAssigned(ctx, row);
        requireOpen(row);
        wq.upsertCasePerson(ctx.store, row.ori, number, personId, role);
        return number;
      });
    },

    linkCaseVehicle(_: unknown, args: { number: string; vin: string; plate?: string | null; idempotencyKey: string }, ctx: Context) {
      const number = parseNumber(args.number, 'number', CASE_EXAMPLE);
      const vin = parseVin(args.vin, 'vin');
      const plate = args.plate == null ? null : parsePlate(args.plate, 'plate');
      return onCase(ctx, args.idempotencyKey, 'linkCaseVehicle', () => {
        const row = ownCase(ctx, number);
        requireAssigned(ctx, row);
        requireOpen(row);
        wq.upsertCaseVehicle(ctx.store, row.ori, number, vin, plate);
        return number;
      });
    },

    createIncident(_: unknown, args: { input: CreateIncidentInput; idempotencyKey: string }, ctx: Context) {
      const input = args.input;
      const type = parseIncidentType(input.type, 'input.type');
      const location = parseText(input.location, 'input.location');
      const ownUnit = parseUnit(input.unit, 'input.unit');
      const sent = (input.units ?? []).map((u, i) => ({
        userId: parseUserId(u.userId, `input.units[${i}].userId`),
        unit: parseUnit(u.unit, `input.units[${i}].unit`),
      }));
      const plate = input.plate == null ? null : parsePlate(input.plate, 'input.plate');
      const vin = input.vin == null ? null : parseVin(input.vin, 'input.vin');
      if (vin && !plate) throw badUserInput('input.plate', 'give the plate run on the incident with its VIN.');
      const personIds = [...new Set((input.personIds ?? []).map((id, i) => parsePersonId(id, `input.personIds[${i}]`)))];
      if (sent.length > MAX_LISTED) throw badUserInput('input.units', `send at most ${MAX_LISTED} units.`);
      if (personIds.length > MAX_LISTED) throw badUserInput('input.personIds', `name at most ${MAX_LISTED} persons.`);
      const users = [ctx.caller.sub, ...sent.map((u) => u.userId)];
      if (new Set(users).size !== users.length) throw badUserInput('input.units', 'name each user once, and not yourself.');

      const dispatcher = ctx.caller.roles.includes('DISPATCHER');
      if (!dispatcher) {
        if (!ctx.caller.roles.includes('PATROL_OFFICER')) throw forbidden('Only dispatchers and patrol officers create incidents.');
        if (type !== 'TRAFFIC_STOP')
          throw forbidden('A patrol officer self-initiates traffic stops only; a dispatcher creates other incidents.');
        if (sent.length > 0) throw forbidden('Only a dispatcher sends units; a self-initiated stop has its officer as its one unit.');
      }
      const number = runOnce(ctx.store, ctx.caller.sub, parseIdempotencyKey(args.idempotencyKey), 'createIncident', () => {
        const startedAt = nowSeconds();
        const number = nextNumber(ctx, 'incidents', `I${startedAt.slice(2, 4)}-`, 7);
        wq.insertIncident(ctx.store, {
          row: { ori: ctx.caller.ori, number, type, startedAt, clearedAt: null, location },
          units: [{ userId: ctx.caller.sub, unit: ownUnit }, ...sent],
          personIds,
          vehicle: plate ? { plate, vin } : undefined,
        });
        return number;
      });
      return loadIncident(ctx, number);
    },

    clearIncident(_: unknown, args: { number: string; idempotencyKey: string }, ctx: Context) {
      const number = parseNumber(args.number, 'number', INCIDENT_EXAMPLE);
      const cleared = runOnce(ctx.store, ctx.caller.sub, parseIdempotencyKey(args.idempotencyKey), 'clearIncident', () => {
        const row = wq.incidentAt(ctx.store, ctx.caller.ori, number);
        if (!row) throw notFound('incident', number);
        if (!wq.isUnitOn(ctx.store, row.ori, number, ctx.caller.sub)) throw forbidden(`You are not a unit on incident ${number}.`);
        if (row.clearedAt !== null) throw conflict(`Incident ${number} was already cleared at ${row.clearedAt}.`);
        wq.clearIncident(ctx.store, row.ori, number, nowSeconds());
        return number;
      });
      return loadIncident(ctx, cleared);
    },
  },
};
