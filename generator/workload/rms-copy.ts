import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../../common/config.ts';

/**
 * The agencies' records as they stand at the end of the simulated month: a copy of the dataset's
 * `rms.sqlite` (or, before it exists, an empty store of the same contract, subgraphs/rms/store.sql) with
 * the month's CAD incidents and the cases the simulated users worked added, as a CAD and an RMS would
 * have recorded them. The detectors read this copy (openDetectionFacts `rmsFile`) to learn what explains
 * each lookup; the dataset's own store is never written.
 */
export class RmsCopy {
  private readonly db: Database.Database;
  private readonly statements: Record<string, Database.Statement>;

  constructor(
    readonly file: string,
    dataDir: string,
  ) {
    rmSync(file, { force: true });
    const source = path.join(dataDir, 'rms.sqlite');
    if (existsSync(source)) {
      const from = new Database(source, { readonly: true, fileMustExist: true });
      try {
        from.prepare('VACUUM INTO ?').run(file);
      } finally {
        from.close();
      }
      this.db = new Database(file);
    } else {
      this.db = new Database(file);
      this.db.exec(readFileSync(path.join(REPO_ROOT, 'subgraphs', 'rms', 'store.sql'), 'utf8'));
    }
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec('BEGIN');
    this.statements = {
      case: this.db.prepare('INSERT OR IGNORE INTO cases VALUES (?, ?, ?, ?, ?, ?, ?)'),
      assignment: this.db.prepare('INSERT OR IGNORE INTO case_assignments VALUES (?, ?, ?, ?, ?)'),
      casePerson: this.db.prepare('INSERT OR IGNORE INTO case_persons VALUES (?, ?, ?, ?)'),
      caseVehicle: this.db.prepare('INSERT OR IGNORE INTO case_vehicles VALUES (?, ?, ?, ?)'),
      incident: this.db.prepare('INSERT OR IGNORE INTO incidents VALUES (?, ?, ?, ?, ?, ?)'),
      unit: this.db.prepare('INSERT OR IGNORE INTO incident_units VALUES (?, ?, ?, ?)'),
      incidentPerson: this.db.prepare('INSERT OR IGNORE INTO incident_persons VALUES (?, ?, ?)'),
      incidentVehicle: this.db.prepare('INSERT OR IGNORE INTO incident_vehicles VALUES (?, ?, ?, ?)'),
    };
  }

  openCase(c: { ori: string; caseNumber: string; type: string; title: string; openedOn: string; userId: string; role?: string }): void {
    this.statements.case.run(c.ori, c.caseNumber, c.type, 'OPEN', c.title, c.openedOn, null);
    this.statements.assignment.run(c.ori, c.caseNumber, c.userId, c.role ?? 'LEAD', c.openedOn);
  }

  linkCasePerson(ori: string, caseNumber: string, personId: string, role: string): void {
    this.statements.casePerson.run(ori, caseNumber, personId, role);
  }

  linkCaseVehicle(ori: string, caseNumber: string, vin: string, plate: string): void {
    this.statements.caseVehicle.run(ori, caseNumber, vin, plate);
  }

  incident(i: {
    ori: string;
    number: string;
    type: string;
    startedAt: string;
    clearedAt: string;
    location: string;
    units: { userId: string; unit: string }[];
    persons: string[];
    vehicles: { plate: string; vin: string }[];
  }): void {
    this.statements.incident.run(i.ori, i.number, i.type, i.startedAt, i.clearedAt, i.location);
    for (const u of i.units) this.statements.unit.run(i.ori, i.number, u.userId, u.unit);
    for (const p of i.persons) this.statements.incidentPerson.run(i.ori, i.number, p);
    for (const v of i.vehicles) this.statements.incidentVehicle.run(i.ori, i.number, v.plate, v.vin);
  }

  close(): void {
    this.db.exec('COMMIT');
    this.db.exec('ANALYZE');
    this.db.close();
  }
}
