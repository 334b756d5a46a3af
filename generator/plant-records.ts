import type { Add } from './tables.ts';
import { SHOWCASE } from './showcase.ts';

/** Records of the showcase people in NCIC, CORI, III and Nlets (fixed rows; see plant.ts). */
export function writeShowcaseRecords(add: Add): void {
  wantedDriverRecords(add);
  recordSubjectRecords(add);
  otherRecords(add);
}

function wantedDriverRecords(add: Add): void {
  const p = SHOWCASE.wantedDriver;
  const [wantNic, orderNic] = p.nics;
  add('ncic.wanted', {
    nic: wantNic,
    person_id: p.personId,
    name: p.name,
    sex: 'M',
    race: 'W',
    dob: p.dob,
    offense_code: '1302',
    offense_text: 'AGGRAVATED ASSAULT-NONFAMILY-WEAPON',
    warrant_level: 'FELONY',
    warrant_date: '2026-09-18',
    extradition: '1',
    misc: 'SUBJ KNOWN TO CARRY A HANDGUN. ON ACTIVE PROBATION FOR PC 273.5',
    ori: 'CA0190000',
    oca: '26-014882',
    entered_at: '2026-09-19',
  });
  add('ncic.cautions', { nic: wantNic, person_id: p.personId, cmc: '00' });
  add('ncic.cautions', { nic: wantNic, person_id: p.personId, cmc: '05' });

  add('ncic.protection_orders', {
    nic: orderNic,
    fcn: p.fcn,
    person_id: p.personId,
    name: p.name,
    sex: 'M',
    race: 'W',
    dob: p.dob,
    order_type: 'DVRO',
    form: 'DV-130',
    issue_date: '2026-06-02',
    expiry_date: '2029-06-02',
    status: 'ACTIVE',
    issuing_court: 'Superior Court of Sierra Vista County',
    court_case_number: 'FL26-004417',
    firearm_prohibited: 1,
    served: 1,
    served_at: '2026-06-05',
    ori: 'CA0190000',
    entered_at: '2026-06-03',
  });
  for (const pco of ['01', '04', '05', '07']) add('ncic.protection_order_conditions', { nic: orderNic, pco });
  const protectedPerson = SHOWCASE.protectedPerson;
  add('ncic.protected_persons', {
    nic: orderNic,
    person_id: protectedPerson.personId,
    name: protectedPerson.name,
    sex: 'F',
    race: 'W',
    dob: protectedPerson.dob,
    relation: 'EX_SPOUSE',
  });
  add('ncic.protection_order_confidential', {
    nic: orderNic,
    protected_address: 'SAFE AT HOME, PO BOX 7600, SACRAMENTO, CA 95812',
    protected_phone: '559-555-0142',
    restrained_address: '4127 CEDAR HOLLOW RD, FRESNO, CA 93722',
    notes: 'RESTRAINED PERSON OWNS A HANDGUN; RELINQUISHMENT RECEIPT NOT YET FILED',
  });

  const cii = p.cii;
  add('cori.subjects', {
    cii,
    person_id: p.personId,
    last_name: 'RIVERA',
    first_name: 'DANIEL',
    middle_name: 'JAMES',
    dob: p.dob,
    sex: 'M',
    race: 'W',
    ssn: '912-34-5678',
    oln: p.dlNumber,
    fbi: p.fbi,
  });
  arrest(add, cii, 'SC-AR-0001', '2009-08-22', 'CA0190100', 'B090082215', '2009-08-23', [
    {
      id: 'SC-CH-0001',
      statute: 'PC 484(a)',
      description: 'PETTY THEFT',
      level: 'M',
      caseNumber: 'M09-118204',
      disposition: 'CONVICTED',
      date: '2009-10-06',
      sentence: { jail: null, prison: null, probation: 12, fine: 300 },
    },
  ]);
  supervision(
    add,
    cii,
    'SC-SV-0001',
    'PROBATION',
    'CA0190P00',
    '2009-10-06',
    '2010-10-06',
    'COMPLETED',
    'SEARCH AND SEIZURE; STAY AWAY FROM RETAIL STORE',
  );
  arrest(add, cii, 'SC-AR-0002', '2014-02-10', 'CA0349100', 'B140210077', '2014-02-11', [
    {
      id: 'SC-CH-0002',
      statute: 'VC 23152(a)',
      description: 'DRIVING UNDER THE INFLUENCE',
      level: 'M',
      caseNumber: 'M14-020931',
      disposition: 'CONVICTED',
      date: '2014-04-22',
      sentence: { jail: 2, prison: null, probation: 36, fine: 390 },
    },
    {
      id: 'SC-CH-0003',
      statute: 'VC 23152(b)',
      description: 'DRIVING WITH 0.08% BLOOD ALCOHOL',
      level: 'M',
      caseNumber: 'M14-020931',
      disposition: 'DISMISSED',
      date: '2014-04-22',
    },
  ]);
  supervision(add, cii, 'SC-SV-0002', 'PROBATION', 'CA0190P00', '2014-04-22', '2017-04-22', 'COMPLETED', 'SEARCH AND SEIZURE; NO ALCOHOL');
  add('cori.programs', {
    id: 'SC-PG-0001',
    cii,
    name: 'FIRST OFFENDER DUI PROGRAM (3 MONTHS)',
    kind: 'SUBSTANCE_ABUSE',
    start_date: '2014-05-06',
    end_date: '2014-08-04',
    status: 'COMPLETED',
  });
  arrest(add, cii, 'SC-AR-0003', '2024-11-03', 'CA0190000', 'B241103492', '2024-11-05', [
    {
      id: 'SC-CH-0004',
      statute: 'PC 273.5(a)',
      description: 'CORPORAL INJURY ON SPOUSE OR COHABITANT',
      level: 'F',
      caseNumber: 'F24-311875',
      disposition: 'CONVICTED',
      date: '2025-04-15',
      sentence: { jail: 180, prison: null, probation: 36, fine: null },
    },
    {
      id: 'SC-CH-0005',
      statute: 'PC 422(a)',
      description: 'CRIMINAL THREATS',
      level: 'F',
      caseNumber: 'F24-311875',
      disposition: 'DISMISSED',
      date: '2025-04-15',
    },
  ]);
  add('cori.custody', {
    id: 'SC-CU-0004',
    cii,
    facility: 'SIERRA VISTA COUNTY MAIN JAIL',
    kind: 'JAIL',
    start_date: '2025-04-15',
    end_date: '2025-07-14',
  });
  supervision(
    add,
    cii,
    'SC-SV-0003',
    'PROBATION',
    'CA0190P00',
    '2025-04-15',
    '2028-04-15',
    'ACTIVE',
    'SEARCH AND SEIZURE; NO CONTACT WITH VICTIM; NO FIREARMS OR AMMUNITION; COMPLETE 52-WEEK BATTERER PROGRAM',
  );
  add('cori.programs', {
    id: 'SC-PG-0002',
    cii,
    name: '52-WEEK BATTERER INTERVENTION PROGRAM - SAFE HARBOR SERVICES',
    kind: 'DV_BATTERER',
    start_date: '2025-05-06',
    end_date: null,
    status: 'ENROLLED',
  });

  add('cjis.iii_records', { fbi: p.fbi, person_id: p.personId, multi_state: 1, updated_at: '2025-04-15' });
  add('cjis.iii_states', { fbi: p.fbi, state: 'CA', sid: cii });
  add('cjis.iii_states', { fbi: p.fbi, state: 'NV', sid: 'NV03316742' });
  const cycles: readonly (readonly [string, string, string, string, string])[] = [
    ['CA', '2009-08-22', 'CA0190100', 'PETTY THEFT (PC 484(a))', 'CONVICTED'],
    ['NV', '2012-07-04', 'NV0020100', 'DUI', 'CONVICTED'],
    ['NV', '2013-01-19', 'NV0020100', 'DOMESTIC BATTERY', 'DISMISSED'],
    ['CA', '2014-02-10', 'CA0349100', 'DRIVING UNDER THE INFLUENCE (VC 23152(a))', 'CONVICTED'],
    ['CA', '2024-11-03', 'CA0190000', 'CORPORAL INJURY ON SPOUSE OR COHABITANT (PC 273.5(a))', 'CONVICTED'],
  ];
  for (const [state, date, ori, offense, disposition] of cycles) {
    add('cjis.iii_cycles', { fbi: p.fbi, state, arrest_date: date, ori, offense, disposition });
    if (state === 'NV')
      add('nlets.state_history_entries', { state, sid: 'NV03316742', arrest_date: date, agency: ori, offense, disposition });
  }
  add('nlets.state_histories', { state: 'NV', sid: 'NV03316742', person_id: p.personId });
  add('nlets.oos_licenses', {
    state: 'NV',
    oln: '1403276581',
    person_id: p.personId,
    name: p.name,
    dob: p.dob,
    sex: 'M',
    class: 'C',
    status: 'EXPIRED',
    expiry_date: '2017-03-14',
    street: '2250 DESERT SAGE AVE',
    city: 'LAS VEGAS',
    zip: '89108',
  });
}

function recordSubjectRecords(add: Add): void {
  const p = SHOWCASE.recordSubject;
  const cii = p.cii;
  add('cori.subjects', {
    cii,
    person_id: p.personId,
    last_name: 'BENNETT',
    first_name: 'JAMAL',
    middle_name: 'RAY',
    dob: p.dob,
    sex: 'M',
    race: 'B',
    ssn: '934-71-2209',
    oln: p.dlNumber,
    fbi: p.fbi,
  });
  arrest(add, cii, 'SC-AR-0011', '2004-05-12', 'CA0010100', 'B040512118', '2004-05-12', [
    {
      id: 'SC-CH-0011',
      statute: 'HS 11350(a)',
      description: 'POSSESSION OF A CONTROLLED SUBSTANCE',
      level: 'M',
      caseNumber: 'M04-051877',
      disposition: 'DIVERSION',
      date: '2004-07-20',
      sealed: true,
    },
  ]);
  add('cori.programs', {
    id: 'SC-PG-0011',
    cii,
    name: 'DRUG COURT OUTPATIENT TREATMENT',
    kind: 'SUBSTANCE_ABUSE',
    start_date: '2004-08-03',
    end_date: '2005-08-03',
    status: 'COMPLETED',
  });
  arrest(add, cii, 'SC-AR-0012', '2008-10-30', 'CA0010000', 'B081030561', '2008-10-31', [
    {
      id: 'SC-CH-0012',
      statute: 'PC 459',
      description: 'BURGLARY',
      level: 'F',
      caseNumber: 'F08-230117',
      disposition: 'DISMISSED',
      date: '2009-01-15',
    },
  ]);
  arrest(add, cii, 'SC-AR-0013', '2011-03-05', 'CA0010100', 'B110305220', '2011-03-05', [
    {
      id: 'SC-CH-0013',
      statute: 'PC 484(a)',
      description: 'PETTY THEFT',
      level: 'M',
      caseNumber: 'M11-040552',
      disposition: 'CONVICTED',
      date: '2011-04-18',
      sentence: { jail: null, prison: null, probation: 12, fine: 250 },
    },
  ]);
  supervision(
    add,
    cii,
    'SC-SV-0011',
    'PROBATION',
    'CA0010P00',
    '2011-04-18',
    '2012-04-18',
    'COMPLETED',
    'SEARCH AND SEIZURE; STAY AWAY FROM RETAIL STORE',
  );
  arrest(add, cii, 'SC-AR-0014', '2016-07-23', 'CA0010000', 'B160723904', '2016-07-24', [
    {
      id: 'SC-CH-0014',
      statute: 'PC 647(f)',
      description: 'DRUNK IN PUBLIC',
      level: 'M',
      caseNumber: 'M16-077310',
      disposition: 'DISMISSED',
      date: '2016-09-01',
      sealed: true,
    },
  ]);
  add('cjis.iii_records', { fbi: p.fbi, person_id: p.personId, multi_state: 0, updated_at: '2016-09-01' });
  add('cjis.iii_states', { fbi: p.fbi, state: 'CA', sid: cii });
  const cycles: readonly (readonly [string, string, string, string])[] = [
    ['2004-05-12', 'CA0010100', 'POSSESSION OF A CONTROLLED SUBSTANCE (HS 11350(a))', 'DIVERSION'],
    ['2008-10-30', 'CA0010000', 'BURGLARY (PC 459)', 'DISMISSED'],
    ['2011-03-05', 'CA0010100', 'PETTY THEFT (PC 484(a))', 'CONVICTED'],
    ['2016-07-23', 'CA0010000', 'DRUNK IN PUBLIC (PC 647(f))', 'DISMISSED'],
  ];
  for (const [date, ori, offense, disposition] of cycles) {
    add('cjis.iii_cycles', { fbi: p.fbi, state: 'CA', arrest_date: date, ori, offense, disposition });
  }
}

function otherRecords(add: Add): void {
  const stolen = SHOWCASE.stolenCar;
  add('ncic.stolen_vehicles', {
    nic: stolen.nics[0],
    vin: stolen.vins[0],
    plate: stolen.plates[0],
    plate_state: 'CA',
    year: 2012,
    make: 'HOND',
    model: 'CIVIC',
    colour: 'BLU',
    theft_date: '2026-10-27',
    ori: 'CA0600100',
    oca: '26-102771',
  });

  const missing = SHOWCASE.missingPerson;
  add('ncic.missing', {
    nic: missing.nics[0],
    person_id: missing.personId,
    name: missing.name,
    sex: 'F',
    race: 'W',
    dob: missing.dob,
    category: 'EME',
    last_contact: '2026-10-20',
    circumstances: 'LAST SEEN LEAVING HOME WITH UNKNOWN ADULT; REQUIRES DAILY MEDICATION',
    ori: 'CA0190100',
    oca: '26-013377',
    entered_at: '2026-10-20',
  });
  add('ncic.cautions', { nic: missing.nics[0], person_id: missing.personId, cmc: '80' });

  const expired = SHOWCASE.expiredOrder;
  const nic = expired.nics[0];
  add('ncic.protection_orders', {
    nic,
    fcn: expired.fcn,
    person_id: expired.personId,
    name: expired.name,
    sex: 'M',
    race: 'W',
    dob: expired.dob,
    order_type: 'CIVIL_HARASSMENT',
    form: 'CH-130',
    issue_date: '2021-03-10',
    expiry_date: '2024-03-10',
    status: 'ACTIVE',
    issuing_court: 'Superior Court of American River County',
    court_case_number: 'CH21-000112',
    firearm_prohibited: 1,
    served: 1,
    served_at: '2021-03-16',
    ori: 'CA0340000',
    entered_at: '2021-03-11',
  });
  for (const pco of ['01', '04', '07']) add('ncic.protection_order_conditions', { nic, pco });
  add('ncic.protected_persons', {
    nic,
    person_id: null,
    name: 'HALVERSON, JUDITH ANN',
    sex: 'F',
    race: 'W',
    dob: '1966-10-12',
    relation: 'OTHER',
  });
  add('ncic.protection_order_confidential', {
    nic,
    protected_address: '3314 MANZANITA KNOLL DR, ELK GROVE, CA 95757',
    protected_phone: '916-555-0187',
    restrained_address: '3310 MANZANITA KNOLL DR, ELK GROVE, CA 95757',
    notes: 'NEIGHBOR DISPUTE; PROTECTED PERSON LIVES NEXT DOOR',
  });
}

interface ChargeSpec {
  id: string;
  statute: string;
  description: string;
  level: 'F' | 'M';
  caseNumber: string;
  disposition: string;
  date: string;
  sealed?: boolean;
  sentence?: { jail: number | null; prison: number | null; probation: number | null; fine: number | null };
}

function arrest(
  add: Add,
  cii: string,
  id: string,
  date: string,
  ori: string,
  booking: string,
  released: string,
  charges: readonly ChargeSpec[],
): void {
  add('cori.arrests', { id, cii, arrest_date: date, ori, booking_number: booking });
  const county = ori.startsWith('CA001') ? 'Bayshore' : 'Sierra Vista';
  add('cori.custody', {
    id: `${id}-BK`,
    cii,
    facility: `${county.toUpperCase()} COUNTY MAIN JAIL`,
    kind: 'JAIL',
    start_date: date,
    end_date: released,
  });
  const court = `Superior Court of ${county} County`;
  charges.forEach((c, i) => {
    add('cori.charges', {
      id: c.id,
      arrest_id: id,
      seq: i + 1,
      statute: c.statute,
      description: c.description,
      level: c.level,
      court,
      court_case_number: c.caseNumber,
      disposition: c.disposition,
      disposition_date: c.date,
      sealed: c.sealed ? 1 : 0,
    });
    if (c.sentence) {
      add('cori.sentences', {
        charge_id: c.id,
        jail_days: c.sentence.jail,
        prison_months: c.sentence.prison,
        probation_months: c.sentence.probation,
        fine: c.sentence.fine,
        sentence_date: c.date,
      });
    }
  });
}

function supervision(
  add: Add,
  cii: string,
  id: string,
  kind: string,
  ori: string,
  start: string,
  end: string,
  status: string,
  conditions: string,
): void {
  add('cori.supervision', { id, cii, kind, agency_ori: ori, start_date: start, end_date: end, status, conditions });
}
