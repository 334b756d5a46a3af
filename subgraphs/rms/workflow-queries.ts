import type { Store } from '../common/store.ts';
import { CASE, INCIDENT, type AssignmentRow, type CaseRow, type IncidentRow } from './queries.ts';

/** The writes of the RMS/CAD workflows (tables of store.sql). */

export function caseAt(store: Store, ori: string, number: string): CaseRow | undefined {
  return store.get<CaseRow>(`${CASE} WHERE ori = ? AND case_number = ?`, ori, number);
}

export function assignmentOf(store: Store, ori: string, number: string, userId: string): AssignmentRow | undefined {
  return store.get<AssignmentRow>(
    `SELECT ori, case_number AS caseNumber, user_id AS userId, role, assigned_on AS assignedOn
     FROM case_assignments WHERE ori = ? AND case_number = ? AND user_id = ?`,
    ori,
    number,
    userId,
  );
}

export function incidentAt(store: Store, ori: string, number: string): IncidentRow | undefined {
  return store.get<IncidentRow>(`${INCIDENT} WHERE ori = ? AND incident_number = ?`, ori, number);
}

export function isUnitOn(store: Store, ori: string, number: string, userId: string): boolean {
  return store.get('SELECT 1 FROM incident_units WHERE ori = ? AND incident_number = ? AND user_id = ?', ori, number, userId) !== undefined;
}

/** The highest number of the agency that starts with `prefix` and has `width` characters in all. */
export function highestNumber(store: Store, table: 'cases' | 'incidents', ori: string, prefix: string, width: number): string | undefined {
  const column = table === 'cases' ? 'case_number' : 'incident_number';
  const row = store.get<{ n: string | null }>(
    `SELECT max(${column}) AS n FROM ${table} WHERE ori = ? AND ${column} LIKE ? AND length(${column}) = ?`,
    ori,
    `${prefix}%`,
    width,
  );
  return row?.n ?? undefined;
}

export function insertCase(store: Store, row: CaseRow): void {
  store.run(
    'INSERT INTO cases (ori, case_number, type, status, title, opened_on, closed_on) VALUES (?, ?, ?, ?, ?, ?, ?)',
    row.ori,
    row.number,
    row.type,
    row.status,
    row.title,
    row.openedOn,
    row.closedOn,
  );
}

export function closeCase(store: Store, ori: string, number: string, on: string): void {
  store.run(`UPDATE cases SET status = 'CLOSED', closed_on = ? WHERE ori = ? AND case_number = ? AND status <> 'CLOSED'`, on, ori, number);
}

export function upsertAssignment(store: Store, row: AssignmentRow): void {
  store.run(
    `INSERT INTO case_assignments (ori, case_number, user_id, role, assigned_on) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (ori, case_number, user_id) DO UPDATE SET role = excluded.role`,
    row.ori,
    row.caseNumber,
    row.userId,
    row.role,
    row.assignedOn,
  );
}

export function upsertCasePerson(store: Store, ori: string, number: string, personId: string, role: string): void {
  store.run(
    `INSERT INTO case_persons (ori, case_number, person_id, role) VALUES (?, ?, ?, ?)
     ON CONFLICT (ori, case_number, person_id) DO UPDATE SET role = excluded.role`,
    ori,
    number,
    personId,
    role,
  );
}

export function upsertCaseVehicle(store: Store, ori: string, number: string, vin: string, plate: string | null): void {
  store.run(
    `INSERT INTO case_vehicles (ori, case_number, vin, plate) VALUES (?, ?, ?, ?)
     ON CONFLICT (ori, case_number, vin) DO UPDATE SET plate = coalesce(excluded.plate, plate)`,
    ori,
    number,
    vin,
    plate,
  );
}

export interface NewIncident {
  row: IncidentRow;
  units: { userId: string; unit: string }[];
  personIds: string[];
  vehicle: { plate: string; vin: string | null } | undefined;
}

export function insertIncident(store: Store, incident: NewIncident): void {
  const { ori, number } = incident.row;
  store.run(
    'INSERT INTO incidents (ori, incident_number, type, started_at, cleared_at, location) VALUES (?, ?, ?, ?, ?, ?)',
    ori,
    number,
    incident.row.type,
    incident.row.startedAt,
    incident.row.clearedAt,
    incident.row.location,
  );
  for (const u of incident.units) {
    store.run('INSERT INTO incident_units (ori, incident_number, user_id, unit) VALUES (?, ?, ?, ?)', ori, number, u.userId, u.unit);
  }
  for (const personId of incident.personIds) {
    store.run('INSERT INTO incident_persons (ori, incident_number, person_id) VALUES (?, ?, ?)', ori, number, personId);
  }
  if (incident.vehicle) {
    store.run(
      'INSERT INTO incident_vehicles (ori, incident_number, plate, vin) VALUES (?, ?, ?, ?)',
      ori,
      number,
      incident.vehicle.plate,
      incident.vehicle.vin,
    );
  }
}

export function clearIncident(store: Store, ori: string, number: string, at: string): void {
  store.run('UPDATE incidents SET cleared_at = ? WHERE ori = ? AND incident_number = ? AND cleared_at IS NULL', at, ori, number);
}
