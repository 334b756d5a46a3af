import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { startStack, type Stack } from './support/stack.ts';

/** Plate-driven inquiries across dmv -> cjis -> ncic in one request, as a patrol officer runs them. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(async () => {
  await stack?.stop();
});

const PLATE = /* GraphQL */ `
  query Plate($plate: String!, $state: String!) {
    vehicle(plate: $plate, state: $state) {
      vin
      plate
      plateState
      year
      make
      model
      colour
      registration {
        status
        expires
      }
      stolenVehicleReports {
        nic
        theftDate
        ori
        oca
      }
      registeredOwner {
        id
        name {
          full
        }
        driverLicense {
          status
        }
        cautions {
          code
          meaning
        }
        wants {
          nic
          offenseDescription
          warrantLevel
          ori
        }
        protectionOrders {
          orderType
          active
          protectedPersons {
            person {
              id
            }
          }
        }
      }
    }
  }
`;

interface PlateAnswer {
  vehicle: {
    vin: string;
    plate: string;
    plateState: string;
    registration: { status: string };
    stolenVehicleReports: { nic: string; theftDate: string; ori: string; oca: string }[];
    registeredOwner: {
      id: string;
      name: { full: string };
      driverLicense: { status: string } | null;
      cautions: { code: string }[];
      wants: { nic: string; warrantLevel: string }[];
      protectionOrders: { orderType: string; active: boolean; protectedPersons: { person: { id: string } | null }[] }[];
    } | null;
  } | null;
}

describe('plate 7WNT123: registered owner, wants and protection orders in one request', () => {
  it('leads to the showcase wanted driver, their want, caution and active DVRO', async () => {
    const { status, body } = await stack.query<PlateAnswer>(PLATE, { plate: '7WNT123', state: 'CA' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const vehicle = body.data!.vehicle!;
    expect(vehicle.plate).toBe('7WNT123');
    expect(vehicle.stolenVehicleReports).toEqual([]);
    const owner = vehicle.registeredOwner!;
    expect(owner.id).toBe(SHOWCASE.wantedDriver.personId);
    expect(owner.name.full).toBe(SHOWCASE.wantedDriver.name);
    expect(owner.driverLicense?.status).toBe('SUSPENDED');
    expect(owner.wants.length).toBeGreaterThan(0);
    expect(owner.cautions.map((c) => c.code)).toContain('00');
    const dvro = owner.protectionOrders.find((o) => o.orderType === 'DVRO' && o.active);
    expect(dvro?.protectedPersons.map((p) => p.person?.id)).toContain(SHOWCASE.protectedPerson.personId);
  });

  it('accepts the plate as people type it (lower case, spaces)', async () => {
    const { body } = await stack.query<PlateAnswer>(PLATE, { plate: '7wnt 123', state: 'ca' });
    expect(body.data?.vehicle?.registeredOwner?.id).toBe(SHOWCASE.wantedDriver.personId);
  });
});

describe('plate 6STL789: a stolen car', () => {
  it('shows its NCIC stolen-vehicle report on the DMV vehicle (Vehicle.stolenVehicleReports)', async () => {
    const { body } = await stack.query<PlateAnswer>(PLATE, { plate: '6STL789', state: 'CA' });
    expect(body.errors).toBeUndefined();
    const vehicle = body.data!.vehicle!;
    expect(vehicle.plate).toBe('6STL789');
    expect(vehicle.stolenVehicleReports).toHaveLength(1);
    const [report] = vehicle.stolenVehicleReports;
    expect(report.nic).toMatch(/^V\d{9}$/);
    expect(report.theftDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.ori).toMatch(/^[A-Z]{2}[A-Z0-9]{7}$/);
    expect(vehicle.registeredOwner?.id).toBe(SHOWCASE.stolenCar.personId);
  });

  it('the clean driver’s plate 8CLN456 has no stolen report and an owner with no wants', async () => {
    const { body } = await stack.query<PlateAnswer>(PLATE, { plate: '8CLN456', state: 'CA' });
    expect(body.errors).toBeUndefined();
    expect(body.data?.vehicle?.stolenVehicleReports).toEqual([]);
    expect(body.data?.vehicle?.registeredOwner?.id).toBe(SHOWCASE.cleanDriver.personId);
    expect(body.data?.vehicle?.registeredOwner?.wants).toEqual([]);
  });

  it('an unknown plate answers vehicle: null with a NOT_FOUND hint naming the plate', async () => {
    const { body } = await stack.query<PlateAnswer>(PLATE, { plate: 'ZZZ0000', state: 'CA' });
    expect(body.data).toEqual({ vehicle: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['vehicle'], extensions: { code: 'NOT_FOUND' } });
    expect(body.errors![0].message).toContain('ZZZ0000');
  });
});
