import { keyList, type Store } from '../common/store.ts';

/** The SQL of the rms store (store.sql). Every read is scoped to one agency (ORI). */

export interface CaseRow {
  ori: string;
  number: string;
  type: string;
  status: 'OPEN' | 'CLOSED' | 'SUSPENDED';
  title: string;
  openedOn: string;
  closedOn: string | null;
}

export interface AssignmentRow {
  ori: string;
  caseNumber: string;
  userId: string;
  role: 'LEAD' | 'ASSIST' | 'SUPERVISOR';
  assignedOn: string;
}

export interface CasePersonRow {
  ori: string;
  caseNumber: string;
  personId: string;
  role: string;
}

export interface CaseVehicleRow {
  ori: string;
  caseNumber: string;
  vin: string;
  plate: string | null;
}

export interface IncidentRow {
  ori: string;
  number: string;
  type: string;
  startedAt: string;
  clearedAt: string | null;
  location: string;
}

export interface UnitRow {
  ori: string;
  incidentNumber: string;
  userId: string;
  unit: string;
}

export interface IncidentPersonRow {
  ori: string;
  incidentNumber: string;
  personId: string;
}

export interface IncidentVehicleRow {
  ori: string;
  incidentNumber: string;
  plate: string;
  vin: string | null;
}

/** `<ori>/<number>`: how loaders key a case or an incident (numbers are unique per agency only). */
export function recordKey(ori: string, number: string): string {
  return `${ori}/${number}`;
}

/** The columns of a CaseRow / IncidentRow (workflow-queries.ts reads single rows with them too). */
export const CASE = `SELECT ori, case_number AS number, type, status, title, opened_on AS openedOn, closed_on AS closedOn FROM cases`;
export const INCIDENT = `SELECT ori, incident_number AS number, type, started_at AS startedAt, cleared_at AS clearedAt, location FROM incidents`;
/** Keys `<ori>/<number>` split back into their parts inside SQL. */
const KEYS = `(SELECT substr(value, 1, instr(value, '/') - 1) AS ori, substr(value, instr(value, '/') + 1) AS number FROM json_each(?))`;

export function casesByKey(store: Store, keys: readonly string[]): CaseRow[] {
  return store.all<CaseRow>(`${CASE} c WHERE (c.ori, c.case_number) IN (SELECT ori, number FROM ${KEYS})`, keyList(keys));
}

export function assignmentsByCase(store: Store, keys: readonly string[]): AssignmentRow[] {
  return store.all<AssignmentRow>(
    `SELECT ori, case_number AS caseNumber, user_id AS userId, role, assigned_on AS assignedOn FROM case_assignments
     WHERE (ori, case_number) IN (SELECT ori, number FROM ${KEYS}) ORDER BY role DESC, assigned_on, user_id`,
    keyList(keys),
  );
}

export function personsByCase(store: Store, keys: readonly string[]): CasePersonRow[] {
  return store.all<CasePersonRow>(
    `SELECT ori, case_number AS caseNumber, person_id AS personId, role FROM case_persons
     WHERE (ori, case_number) IN (SELECT ori, number FROM ${KEYS}) ORDER BY person_id`,
    keyList(keys),
  );
}

export function vehiclesByCase(store: Store, keys: readonly string[]): CaseVehicleRow[] {
  return store.all<CaseVehicleRow>(
    `SELECT ori, case_number AS caseNumber, vin, plate FROM case_vehicles
     WHERE (ori, case_number) IN (SELECT ori, number FROM ${KEYS}) ORDER BY vin`,
    keyList(keys),
  );
}

export function incidentsByKey(store: Store, keys: readonly string[]): IncidentRow[] {
  return store.all<IncidentRow>(`${INCIDENT} WHERE (ori, incident_number) IN (SELECT ori, number FROM ${KEYS})`, keyList(keys));
}

export function unitsByIncident(store: Store, keys: readonly string[]): UnitRow[] {
  return store.all<UnitRow>(
    `SELECT ori, incident_number AS incidentNumber, user_id AS userId, unit FROM incident_units
     WHERE (ori, incident_number) IN (SELECT ori, number FROM ${KEYS}) ORDER BY unit, user_id`,
    keyList(keys),
  );
}

export function personsByIncident(store: Store, keys: readonly string[]): IncidentPersonRow[] {
  return store.all<IncidentPersonRow>(
    `SELECT ori, incident_number AS incidentNumber, person_id AS personId FROM incident_persons
     WHERE (ori, incident_number) IN (SELECT ori, number FROM ${KEYS}) ORDER BY person_id`,
    keyList(keys),
  );
}

export function vehiclesByIncident(store: Store, keys: readonly string[]): IncidentVehicleRow[] {
  return store.all<IncidentVehicleRow>(
    `SELECT ori, incident_number AS incidentNumber, plate, vin FROM incident_vehicles
     WHERE (ori, incident_number) IN (SELECT ori, number FROM ${KEYS}) ORDER BY plate`,
    keyList(keys),
  );
}

/** Where a page of a newest-first list continues: strictly before this (date or time, number). */
export interface PageKey {
  time: string;
  number: string;
}

/** The caller's cases at their agency, most recently opened first; `limit` is one more than the page. */
export function myCases(
  store: Store,
  ori: string,
  userId: string,
  status: string | null,
  limit: number,
  after: PageKey | undefined,
): CaseRow[] {
  return store.all<CaseRow>(
    `${CASE} c WHERE c.ori = ? AND EXISTS (SELECT 1 FROM case_assignments a WHERE a.ori = c.ori AND a.case_number = c.case_number AND a.user_id = ?)
       AND (? IS NULL OR c.status = ?)
       AND (? IS NULL OR c.opened_on < ? OR (c.opened_on = ? AND c.case_number < ?))
     ORDER BY c.opened_on DESC, c.case_number DESC LIMIT ?`,
    ori,
    userId,
    status,
    status,
    after?.time ?? null,
    after?.time ?? null,
    after?.time ?? null,
    after?.number ?? '',
    limit,
  );
}

/** The incidents of the agency on which the user is a unit, most recent first. */
export function myIncidents(
  store: Store,
  ori: string,
  userId: string,
  active: boolean | null,
  limit: number,
  after: PageKey | undefined,
): IncidentRow[] {
  return store.all<IncidentRow>(
    `SELECT i.ori, i.incident_number AS number, i.type, i.started_at AS startedAt, i.cleared_at AS clearedAt, i.location
     FROM incident_units u JOIN incidents i ON i.ori = u.ori AND i.incident_number = u.incident_number
     WHERE u.user_id = ? AND u.ori = ?
       AND (? IS NULL OR (i.cleared_at IS NULL) = ?)
       AND (? IS NULL OR i.started_at < ? OR (i.started_at = ? AND i.incident_number < ?))
     ORDER BY i.started_at DESC, i.incident_number DESC LIMIT ?`,
    userId,
    ori,
    active === null ? null : 1,
    active ? 1 : 0,
    after?.time ?? null,
    after?.time ?? null,
    after?.time ?? null,
    after?.number ?? '',
    limit,
  );
}

/**
 * Everything the need-to-know decision needs about one stated case and one stated incident, in one statement.
 * `startedAt` is null exactly when there is no such incident (started_at is NOT NULL).
 */
export interface NeedToKnowFacts {
  caseStatus: string | null;
  assigned: number;
  startedAt: string | null;
  clearedAt: string | null;
  dispatched: number;
}

export function needToKnowFacts(store: Store, ori: string, userId: string, caseNumber: string, incidentNumber: string): NeedToKnowFacts {
  return store.get<NeedToKnowFacts>(
    `SELECT
       (SELECT status FROM cases WHERE ori = :ori AND case_number = :case) AS caseStatus,
       EXISTS (SELECT 1 FROM case_assignments WHERE ori = :ori AND case_number = :case AND user_id = :user) AS assigned,
       (SELECT started_at FROM incidents WHERE ori = :ori AND incident_number = :incident) AS startedAt,
       (SELECT cleared_at FROM incidents WHERE ori = :ori AND incident_number = :incident) AS clearedAt,
       EXISTS (SELECT 1 FROM incident_units WHERE ori = :ori AND incident_number = :incident AND user_id = :user) AS dispatched`,
    { ori, user: userId, case: caseNumber, incident: incidentNumber },
  ) as NeedToKnowFacts;
}
