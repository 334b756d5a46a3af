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
    const vehicle = { _authz_vin: 'V1', _authz_owner: { id: 'P2' } };
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
