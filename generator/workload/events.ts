import { createHash } from 'node:crypto';
import { AUDIT_EVENT_VERSION, type AuditEventInput, type AuditView } from '../../audit/event.ts';
import type { SimOrder, SimUser, SimVehicle } from './world.ts';

/**
 * Audit events as the gateway records them (gateway/audit/recorder.ts): the caller, what was stated
 * (purpose, X-Case-Number / X-Incident-Number and what the records system said of each), the records and
 * fields disclosed, the sensitive views. Three kinds of request cover the traffic: a plate check, a person
 * check (optionally with the residence address) and a protection-order check.
 */

/** What the caller stated, with the need-to-know check's verdict (contract C2). */
export interface Stated {
  caseNumber?: string;
  incidentNumber?: string;
  /** Whether the stated number is VALID for the caller (the simulator states only numbers it knows). */
  valid?: boolean;
}

interface Disclosure {
  operation: string;
  text: string;
  subjects: string[];
  records: string[];
  fields: string[];
  views: AuditView[];
  sources: string[];
}

const PLATE_CHECK =
  'query PlateCheck($plate: String!) { vehicle(plate: $plate, state: "CA") { vin make model registeredOwner { id name { full } } stolenVehicleReports { nic } } }';
const PERSON_CHECK = 'query PersonCheck($id: ID!) { person(id: $id) { id name { full } dob wants { nic } } }';
const PERSON_ADDRESS = 'query PersonAddress($id: ID!) { person(id: $id) { id name { full } dob residenceAddress { street city zip } } }';
const ORDER_CHECK =
  'query OrderCheck($id: ID!) { person(id: $id) { id name { full } protectionOrders { nic restrainedPerson { id } protectedPersons { person { id } } } } }';

const hash = (text: string): string => createHash('sha256').update(text).digest('hex');
/** The operations simulated users send, as the gateway would record them. */
export const SIMULATED_OPERATIONS: readonly string[] = [PLATE_CHECK, PERSON_CHECK, PERSON_ADDRESS, ORDER_CHECK];
const HASHES = new Map(SIMULATED_OPERATIONS.map((t) => [t, hash(t)]));

export function plateCheck(vehicle: SimVehicle): Disclosure {
  return {
    operation: 'PlateCheck',
    text: PLATE_CHECK,
    subjects: [vehicle.owner],
    records: [`Person:${vehicle.owner}`, `Vehicle:${vehicle.vin}`],
    fields: ['Query.vehicle', 'Vehicle.vin', 'Vehicle.make', 'Vehicle.model', 'Vehicle.registeredOwner', 'Person.id', 'Person.name'],
    views: [{ kind: 'VEHICLE_REGISTRATION', personId: vehicle.owner }],
    sources: ['dmv', 'cjis', 'ncic'],
  };
}

export function personCheck(personId: string, withAddress: boolean): Disclosure {
  return {
    operation: withAddress ? 'PersonAddress' : 'PersonCheck',
    text: withAddress ? PERSON_ADDRESS : PERSON_CHECK,
    subjects: [personId],
    records: [`Person:${personId}`],
    fields: ['Query.person', 'Person.id', 'Person.name', 'Person.dob', ...(withAddress ? ['Person.residenceAddress'] : ['Person.wants'])],
    views: withAddress ? [{ kind: 'HOME_ADDRESS', personId }] : [],
    sources: withAddress ? ['cjis', 'dmv'] : ['cjis', 'ncic'],
  };
}

export function orderCheck(order: SimOrder, lookedUp: string): Disclosure {
  const persons = [...new Set([lookedUp, order.restrained, order.protectedPerson])];
  return {
    operation: 'OrderCheck',
    text: ORDER_CHECK,
    subjects: persons,
    records: [...persons.map((p) => `Person:${p}`), `ProtectionOrder:${order.nic}`],
    fields: ['Query.person', 'Person.id', 'Person.name', 'Person.protectionOrders', 'ProtectionOrder.nic'],
    views: [
      { kind: 'PROTECTION_ORDER', personId: order.restrained },
      { kind: 'PROTECTION_ORDER', personId: order.protectedPerson },
    ],
    sources: ['cjis', 'ncic'],
  };
}

export function auditEvent(user: SimUser, time: number, disclosure: Disclosure, stated: Stated, requestId: string): AuditEventInput {
  const status = (n: string | undefined): string | null => (n === undefined ? null : stated.valid === false ? 'NOT_ASSIGNED' : 'VALID');
  return {
    version: AUDIT_EVENT_VERSION,
    time: new Date(time).toISOString(),
    requestId,
    userId: user.userId,
    userName: user.name,
    ori: user.ori,
    roles: user.roles,
    purpose: 'C',
    caseNumber: stated.caseNumber ?? null,
    caseStatus: status(stated.caseNumber),
    incidentNumber: stated.incidentNumber ?? null,
    incidentStatus: stated.incidentNumber === undefined ? null : stated.valid === false ? 'NOT_DISPATCHED' : 'VALID',
    clientAddress: `10.${user.ori.charCodeAt(4) % 200}.${user.userId.length}.${(user.userId.charCodeAt(user.userId.length - 1) % 250) + 1}`,
    operationName: disclosure.operation,
    operationHash: HASHES.get(disclosure.text) ?? hash(disclosure.text),
    operationText: disclosure.text,
    subjects: disclosure.subjects,
    records: [...disclosure.records].sort(),
    fieldsDisclosed: disclosure.fields,
    fieldsDenied: [],
    views: disclosure.views,
    sources: disclosure.sources,
    outcome: 'ALLOWED',
    reason: null,
    latencyMs: 40 + (time % 160),
    policyVersion: null,
    releasedBy: [],
    shadow: null,
  };
}
