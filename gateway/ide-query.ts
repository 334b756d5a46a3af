/**
 * The showcase's wanted driver: a fictitious person every generated dataset contains (the generator's
 * SHOWCASE.wantedDriver; test/ide-query.test.ts keeps the two in step).
 */
export const IDE_SHOWCASE_PERSON_ID = 'P9000001';

/**
 * The operation the IDE opens with: one request that gathers a unified person profile from all five
 * sources, for the showcase's wanted driver (a fictitious person every generated dataset contains).
 */
export function defaultIdeQuery(personId: string = IDE_SHOWCASE_PERSON_ID): string {
  return `# Unified person profile: identity index + III (cjis), hot files (ncic), DMV (dmv),
# other states (nlets) and the California criminal history (cori), in ONE request.
# All data is SIMULATED and fictitious.
query UnifiedProfile {
  person(id: "${personId}") {
    id
    name { full }
    sex
    race
    dob
    height
    weight
    identifiers { fbi cii oln ols }
    knownNames { type full dob }

    # DMV: California licence and vehicles
    driverLicense { number classes status expires restrictions { code meaning } }
    vehicles { plate vin year make model colour registration { status expires } stolenVehicleReports { nic theftDate } }

    # NCIC hot files
    ncicHit
    cautions { code meaning }
    wants { nic offenseCode offenseDescription warrantLevel warrantDate extradition { code meaning } ori oca }
    protectionOrders {
      fcn orderType orderTypeDescription status active expiryDate firearmProhibited
      conditions { code meaning }
      protectedPersons { name relation person { id } }
    }

    # III and other states (Nlets)
    iii { fbi multiState statesOfRecord { state sid } }
    outOfStateLicenses { state oln class status expires }
    stateCriminalHistories { state sid entries { arrestDate offense disposition } }

    # California criminal history (CORI)
    criminalHistory {
      cii
      summary { arrestCount convictionCount felonyConvictionCount activeSupervision }
      arrests { arrestDate charges { statute description level disposition courtCaseNumber } }
    }
  }
}
`;
}
