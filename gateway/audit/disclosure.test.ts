import { describe, expect, it } from 'vitest';
import { Disclosure } from './disclosure.ts';

const person = { _authz_id: 'P1' };

describe('views are recorded only when the data that makes them was returned', () => {
  it('a residence address is a home-address view once one of its lines is returned, not before', () => {
    const disclosure = new Disclosure();
    const address = { _authz_safeAtHome: false };
    disclosure.disclosed('Person', 'residenceAddress', person, address);
    disclosure.disclosed('DmvAddress', 'state', address, 'CA');
    expect(disclosure.views).toEqual([]);
    disclosure.disclosed('DmvAddress', 'city', address, 'SACRAMENTO');
    disclosure.disclosed('DmvAddress', 'street', address, '1 MAIN ST');
    expect(disclosure.views).toEqual([{ kind: 'HOME_ADDRESS', personId: 'P1' }]);
  });

  it('a mailing address, or an address of nobody known, is no home-address view', () => {
    const disclosure = new Disclosure();
    const mailing = {};
    disclosure.disclosed('Person', 'mailingAddress', person, mailing);
    disclosure.disclosed('DmvAddress', 'street', mailing, 'PO BOX 1');
    disclosure.disclosed('DmvAddress', 'street', {}, '2 MAIN ST');
    expect(disclosure.views).toEqual([]);
  });

  it("an empty vehicle list is no registration view; a vehicle's field is one; its NCIC reports alone are not", () => {
    const disclosure = new Disclosure();
    disclosure.disclosed('Person', 'vehicles', person, []);
    const vehicle = { _authz_vin: 'V1', _authz_registeredOwner: { id: 'P2' } };
    disclosure.disclosed('Vehicle', 'stolenVehicleReports', vehicle, []);
    expect(disclosure.views).toEqual([]);
    disclosure.disclosed('Vehicle', 'plate', vehicle, '8ABC123');
    expect(disclosure.views).toEqual([{ kind: 'VEHICLE_REGISTRATION', personId: 'P2' }]);
  });

  it('a withheld record is named as asked about, and is not a disclosure', () => {
    const disclosure = new Disclosure();
    disclosure.withheld('Person', { _authz_id: 'P9' });
    disclosure.withheld('CriminalHistory', { _authz_cii: 'A1', _authz_subject: { id: 'P9' } });
    disclosure.withheld('Arrest', { _authz_sealed: true });
    expect([...disclosure.records].sort()).toEqual(['AskedAbout:CriminalHistory:A1', 'AskedAbout:Person:P9']);
    expect([...disclosure.subjects, ...disclosure.fields]).toEqual([]);
  });
});

describe('what each record type makes known (record-kinds.ts)', () => {
  it('a protection order names its record and makes a view of every person it names', () => {
    const disclosure = new Disclosure();
    const order = {
      _authz_nic: 'H123',
      _authz_restrainedPerson: { id: 'P1' },
      _authz_protectedPersons: [{ person: { id: 'P2' } }, { person: null }],
    };
    disclosure.disclosed('ProtectionOrder', 'conditions', order, []);
    expect([...disclosure.records]).toEqual(['ProtectionOrder:H123']);
    expect(disclosure.views).toEqual([
      { kind: 'PROTECTION_ORDER', personId: 'P1' },
      { kind: 'PROTECTION_ORDER', personId: 'P2' },
    ]);
  });

  it('a driver licence asked by number names its holder as a subject, even without a Person field', () => {
    const disclosure = new Disclosure();
    disclosure.disclosed('DriverLicense', 'expires', { _authz_number: 'B1234567', _authz_holder: { id: 'P7' } }, '2030-01-01');
    expect([...disclosure.records]).toEqual(['DriverLicense:B1234567']);
    expect([...disclosure.subjects]).toEqual(['P7']);
  });

  it('a part of a record and a type that is not a record add no record of their own', () => {
    const disclosure = new Disclosure();
    disclosure.disclosed('Arrest', 'date', { _authz_sealed: false }, '2020-01-01');
    disclosure.disclosed('AuditEvent', 'seq', { _authz_ori: 'CA0190000' }, '3');
    expect([...disclosure.records, ...disclosure.subjects]).toEqual([]);
    expect([...disclosure.fields]).toEqual(['Arrest.date', 'AuditEvent.seq']);
  });
});
