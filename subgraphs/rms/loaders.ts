import type DataLoader from 'dataloader';
import { listLoader, rowLoader } from '../common/loaders.ts';
import type { Store } from '../common/store.ts';
import * as q from './queries.ts';

/** This request's DataLoaders for the rms subgraph, keyed `<ori>/<number>`: one SQL statement per batch. */
export interface RmsLoaders {
  caseByKey: DataLoader<string, q.CaseRow | null>;
  assignmentsByCase: DataLoader<string, q.AssignmentRow[]>;
  personsByCase: DataLoader<string, q.CasePersonRow[]>;
  vehiclesByCase: DataLoader<string, q.CaseVehicleRow[]>;
  incidentByKey: DataLoader<string, q.IncidentRow | null>;
  unitsByIncident: DataLoader<string, q.UnitRow[]>;
  personsByIncident: DataLoader<string, q.IncidentPersonRow[]>;
  vehiclesByIncident: DataLoader<string, q.IncidentVehicleRow[]>;
}

export function createLoaders(store: Store): RmsLoaders {
  return {
    caseByKey: rowLoader(
      (keys) => q.casesByKey(store, keys),
      (row) => q.recordKey(row.ori, row.number),
    ),
    assignmentsByCase: listLoader(
      (keys) => q.assignmentsByCase(store, keys),
      (row) => q.recordKey(row.ori, row.caseNumber),
    ),
    personsByCase: listLoader(
      (keys) => q.personsByCase(store, keys),
      (row) => q.recordKey(row.ori, row.caseNumber),
    ),
    vehiclesByCase: listLoader(
      (keys) => q.vehiclesByCase(store, keys),
      (row) => q.recordKey(row.ori, row.caseNumber),
    ),
    incidentByKey: rowLoader(
      (keys) => q.incidentsByKey(store, keys),
      (row) => q.recordKey(row.ori, row.number),
    ),
    unitsByIncident: listLoader(
      (keys) => q.unitsByIncident(store, keys),
      (row) => q.recordKey(row.ori, row.incidentNumber),
    ),
    personsByIncident: listLoader(
      (keys) => q.personsByIncident(store, keys),
      (row) => q.recordKey(row.ori, row.incidentNumber),
    ),
    vehiclesByIncident: listLoader(
      (keys) => q.vehiclesByIncident(store, keys),
      (row) => q.recordKey(row.ori, row.incidentNumber),
    ),
  };
}
