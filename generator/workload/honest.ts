import { Weighted } from '../random.ts';
import { orderCheck, personCheck, plateCheck } from './events.ts';
import { DAY, HOUR, MINUTE, type Simulation } from './simulation.ts';
import type { SimOrder, SimUser, SimVehicle } from './world.ts';

/**
 * Honest traffic, role by role: what a user's working day looks like in the audit trail. Patrol officers
 * run the plates and persons of their traffic stops and calls (stating the CAD incident), and now and then
 * a plate with no incident; dispatchers look up callers and vehicles of the calls they dispatch;
 * investigators work their cases (linked persons and vehicles, and now and then an associate found during
 * the case who is not linked yet); court clerks the parties of their protective-order cases; probation
 * officers their caseload; records staff one request at a time. Everything an agency's CAD or RMS would
 * record is written to the rms copy.
 */

interface Caseload {
  ori: string;
  caseNumber: string;
  persons: string[];
  vehicles: SimVehicle[];
}

const INCIDENT_TYPES = new Weighted<string>([
  ['TRAFFIC_STOP', 55],
  ['CALL_FOR_SERVICE', 25],
  ['SUSPICIOUS_PERSON', 10],
  ['COLLISION', 10],
]);
const CALL_TYPES = new Weighted<string>([
  ['CALL_FOR_SERVICE', 6],
  ['WELFARE_CHECK', 2],
  ['SUSPICIOUS_PERSON', 2],
]);
const CASE_TYPES = ['BURGLARY', 'ASSAULT', 'DOMESTIC_VIOLENCE', 'FRAUD', 'VEHICLE_THEFT', 'NARCOTICS'] as const;
const CASE_ROLES = ['SUSPECT', 'VICTIM', 'WITNESS', 'INVOLVED'] as const;

export class HonestWork {
  private readonly caseloads = new Map<string, Caseload[]>();

  constructor(private readonly sim: Simulation) {}

  /** Cases each user carries into the month (from rms, and opened for them in the 60 days before). */
  prepare(users: readonly SimUser[]): void {
    const { sim } = this;
    for (const user of users) {
      const load: Caseload[] = sim.world.cases
        .filter((c) => c.userId === user.userId && c.ori === user.ori)
        .map((c) => ({
          ori: c.ori,
          caseNumber: c.caseNumber,
          // A case naming the user's own family is handed to a colleague: the honest user leaves those persons alone.
          persons: c.persons.filter((p) => !sim.isRecused(user, p)),
          vehicles: c.vins.flatMap((vin) => sim.world.vehicles.filter((v) => v.vin === vin && !sim.isRecused(user, v.owner))),
        }))
        .filter((c) => c.persons.length > 0);
      const opened = sim.from - sim.rng.int(1, 60) * DAY;
      if (user.role === 'INVESTIGATOR') {
        for (let i = sim.rng.int(5, 8); i > 0; i--)
          load.push(this.openCase(user, sim.from - sim.rng.int(1, 60) * DAY, sim.rng.pick(CASE_TYPES)));
      } else if (user.role === 'COURT_CLERK') {
        const orders = sim.world.orders.filter((o) => !sim.isRecused(user, o.restrained) && !sim.isRecused(user, o.protectedPerson));
        for (let i = orders.length > 0 ? sim.rng.int(10, 20) : 0; i > 0; i--) load.push(this.orderCase(user, opened, sim.rng.pick(orders)));
      } else if (user.role === 'PROBATION_OFFICER') {
        for (let i = sim.rng.int(15, 25); i > 0; i--) load.push(this.openCase(user, opened, 'PROBATION_SUPERVISION', 1, 0));
      }
      this.caseloads.set(user.userId, load);
      sim.knowAbout(
        user,
        load.flatMap((c) => [...c.persons, ...c.vehicles.map((v) => v.owner)]),
      );
    }
  }

  day(user: SimUser, day: number, dayIndex: number): void {
    if (!this.sim.works(user, dayIndex)) return;
    const { start, length } = this.sim.shift(user, day);
    switch (user.role) {
      case 'PATROL_OFFICER':
        return this.patrol(user, start, length);
      case 'DISPATCHER':
        return this.dispatch(user, start, length);
      case 'INVESTIGATOR':
        return this.investigate(user, start, length, dayIndex);
      case 'COURT_CLERK':
      case 'PROBATION_OFFICER':
        return this.caseload(user, start, length);
      case 'DOJ_AUDITOR':
        return; // reads the audit trail, not records about persons
      default:
        return this.records(user, start, length);
    }
  }

  private patrol(user: SimUser, start: number, length: number): void {
    const { sim } = this;
    const count = sim.rng.int(4, 9);
    for (let i = 0; i < count; i++) {
      const t = start + ((i + sim.rng.next()) * length) / count;
      const type = sim.rng.weighted(INCIDENT_TYPES);
      const vehicles: SimVehicle[] = [];
      const persons: string[] = [];
      if (type === 'TRAFFIC_STOP' || type === 'COLLISION') {
        for (let v = type === 'COLLISION' ? 2 : 1; v > 0; v--) {
          const vehicle = sim.vehicle(user);
          vehicles.push(vehicle);
          persons.push(sim.rng.chance(0.75) ? vehicle.owner : sim.person(user));
        }
        if (sim.rng.chance(0.15)) persons.push(sim.person(user));
      } else {
        for (let p = type === 'CALL_FOR_SERVICE' ? sim.rng.int(1, 2) : 1; p > 0; p--) persons.push(sim.person(user));
        if (sim.rng.chance(0.3)) vehicles.push(sim.vehicle(user));
      }
      const number = this.incident(user, t, type, persons, vehicles, `${1 + (i % 4)}A${10 + (user.userId.length % 40)}`);
      this.lookups(user, t, { incidentNumber: number }, persons, vehicles, 0.25);
      // A passenger or bystander identified at the scene but not entered on the incident.
      if (sim.rng.chance(0.08))
        sim.emit(user, t + sim.rng.int(5, 20) * MINUTE, personCheck(sim.person(user), false), { incidentNumber: number });
    }
    // Plates run while driving, with no incident: honest and unexplained.
    for (let i = sim.rng.int(0, 3); i > 0; i--) sim.emit(user, sim.within(start, length), plateCheck(sim.vehicle(user)));
  }

  private dispatch(user: SimUser, start: number, length: number): void {
    const { sim } = this;
    const count = sim.rng.int(6, 14);
    for (let i = 0; i < count; i++) {
      const t = start + ((i + sim.rng.next()) * length) / count;
      const type = sim.rng.weighted(CALL_TYPES);
      const persons = Array.from({ length: sim.rng.int(1, 2) }, () => sim.person(user));
      const vehicles = sim.rng.chance(0.25) ? [sim.vehicle(user)] : [];
      const number = this.incident(user, t, type, persons, vehicles, 'DISPATCH');
      this.lookups(user, t, { incidentNumber: number }, persons, vehicles, type === 'WELFARE_CHECK' ? 0.8 : 0.2);
    }
  }

  private investigate(user: SimUser, start: number, length: number, dayIndex: number): void {
    const { sim } = this;
    const load = this.caseloads.get(user.userId) ?? [];
    // A new case every week or so, worked from the day it is opened.
    if (dayIndex % 6 === 3 || load.length === 0) load.unshift(this.openCase(user, start, sim.rng.pick(CASE_TYPES)));
    const today = [load[0], ...Array.from({ length: sim.rng.int(1, 2) }, () => sim.rng.pick(load))];
    for (const c of new Set(today)) {
      const t = sim.within(start, length - 2 * HOUR);
      const persons = Array.from({ length: sim.rng.int(1, 3) }, () => sim.rng.pick(c.persons));
      const vehicles = c.vehicles.length > 0 && sim.rng.chance(0.4) ? [sim.rng.pick(c.vehicles)] : [];
      this.lookups(user, t, { caseNumber: c.caseNumber }, [...new Set(persons)], vehicles, 0.4);
      // An associate found during the case, not linked to it yet.
      if (sim.rng.chance(0.15))
        sim.emit(user, t + sim.rng.int(20, 90) * MINUTE, personCheck(sim.person(user), sim.rng.chance(0.3)), { caseNumber: c.caseNumber });
    }
  }

  private caseload(user: SimUser, start: number, length: number): void {
    const { sim } = this;
    const load = this.caseloads.get(user.userId) ?? [];
    if (load.length === 0) return this.records(user, start, length);
    for (let i = sim.rng.int(3, 7); i > 0; i--) {
      const c = sim.rng.pick(load);
      const t = sim.within(start, length - HOUR);
      const order =
        user.role === 'COURT_CLERK'
          ? sim.world.orders.find((o) => o.restrained === c.persons[0] && o.protectedPerson === c.persons[1])
          : undefined;
      if (order) sim.emit(user, t, orderCheck(order, order.restrained), { caseNumber: c.caseNumber });
      this.lookups(user, t + 2 * MINUTE, { caseNumber: c.caseNumber }, c.persons, [], 0.5);
    }
  }

  /** Records work: each request is a records-request case opened that day for one person. */
  private records(user: SimUser, start: number, length: number): void {
    const { sim } = this;
    for (let i = sim.rng.int(4, 12); i > 0; i--) {
      const t = sim.within(start, length - HOUR);
      const c = this.openCase(user, t, 'RECORDS_REQUEST', 1, 0);
      this.lookups(user, t + sim.rng.int(1, 30) * MINUTE, { caseNumber: c.caseNumber }, c.persons, [], 0.1);
    }
  }

  /** Plate checks, then person checks (with the address at `addressRate`), a few minutes apart. */
  private lookups(
    user: SimUser,
    t: number,
    stated: { caseNumber?: string; incidentNumber?: string },
    persons: readonly string[],
    vehicles: readonly SimVehicle[],
    addressRate: number,
  ): void {
    const { sim } = this;
    let at = t + sim.rng.int(1, 3) * MINUTE;
    for (const v of vehicles) {
      sim.emit(user, at, plateCheck(v), stated);
      at += sim.rng.int(1, 4) * MINUTE;
    }
    for (const p of persons) {
      sim.emit(user, at, personCheck(p, sim.rng.chance(addressRate)), stated);
      at += sim.rng.int(1, 6) * MINUTE;
    }
  }

  private incident(user: SimUser, t: number, type: string, persons: string[], vehicles: SimVehicle[], unit: string): string {
    const { sim } = this;
    const number = sim.number('incident', user.ori, t);
    sim.rms.incident({
      ori: user.ori,
      number,
      type,
      startedAt: new Date(Math.round(t)).toISOString(),
      clearedAt: new Date(Math.round(t + sim.rng.int(15, 75) * MINUTE)).toISOString(),
      location: `${sim.rng.int(100, 9999)} BLOCK ${sim.rng.pick(['MAIN ST', 'OAK AVE', 'BLACKSTONE AVE', 'SHAW AVE', 'HWY 99', 'CEDAR AVE'])}`,
      units: [{ userId: user.userId, unit }],
      persons,
      vehicles: vehicles.map((v) => ({ plate: v.plate, vin: v.vin })),
    });
    return number;
  }

  private openCase(user: SimUser, t: number, type: string, persons = this.sim.rng.int(2, 4), vehicles = this.sim.rng.int(0, 2)): Caseload {
    const { sim } = this;
    const caseNumber = sim.number('case', user.ori, t);
    const openedOn = new Date(t).toISOString().slice(0, 10);
    sim.rms.openCase({
      ori: user.ori,
      caseNumber,
      type,
      title: `${type.replace(/_/g, ' ').toLowerCase()} (simulated)`,
      openedOn,
      userId: user.userId,
    });
    const c: Caseload = { ori: user.ori, caseNumber, persons: [], vehicles: [] };
    for (let i = 0; i < persons; i++) {
      const p = sim.person(user);
      c.persons.push(p);
      sim.rms.linkCasePerson(user.ori, caseNumber, p, i === 0 ? 'SUSPECT' : sim.rng.pick(CASE_ROLES));
    }
    for (let i = 0; i < vehicles; i++) {
      const v = sim.vehicle(user);
      c.vehicles.push(v);
      sim.rms.linkCaseVehicle(user.ori, caseNumber, v.vin, v.plate);
    }
    return c;
  }

  private orderCase(user: SimUser, t: number, order: SimOrder): Caseload {
    const { sim } = this;
    const caseNumber = `FL-${sim.number('case', user.ori, t)}`;
    const openedOn = new Date(t).toISOString().slice(0, 10);
    sim.rms.openCase({
      ori: user.ori,
      caseNumber,
      type: 'COURT_PROTECTIVE_ORDER',
      title: 'protective order (simulated)',
      openedOn,
      userId: user.userId,
    });
    sim.rms.linkCasePerson(user.ori, caseNumber, order.restrained, 'INVOLVED');
    sim.rms.linkCasePerson(user.ori, caseNumber, order.protectedPerson, 'VICTIM');
    return { ori: user.ori, caseNumber, persons: [order.restrained, order.protectedPerson], vehicles: [] };
  }
}
