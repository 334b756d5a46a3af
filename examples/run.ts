/**
 * Runs the client kit's scenarios against a running gateway and prints what each caller got:
 *   npm start                       # in another terminal (development identity mode)
 *   npm run example [-- --url http://localhost:4000/graphql] [--trusted]
 * `--trusted` sends operations by hash only, as an agency with trusted documents switched on must.
 */
import { Command } from 'commander';
import { GatewayClient } from './client.ts';
import { developmentToken } from './dev-token.ts';
import { allNameSearchCandidates, nameSearch, plateToOwner, sendAdministrativeMessage, unifiedProfile } from './scenarios.ts';

const options = new Command('example')
  .description('Run the client kit scenarios against a running gateway')
  .option('--url <url>', 'the gateway GraphQL endpoint', 'http://localhost:4000/graphql')
  .option('--trusted', 'send operations by their sha256 only (trusted documents)', false)
  .parse()
  .opts<{ url: string; trusted: boolean }>();

const investigator = new GatewayClient({
  url: options.url,
  token: await developmentToken({ sub: 'u-inv-1', name: 'Det. Okafor', ori: 'CA0190100', roles: ['INVESTIGATOR'] }),
  purpose: 'C',
  caseNumber: '24-000187',
  trusted: options.trusted,
});
const patrol = new GatewayClient({
  url: options.url,
  token: await developmentToken({ sub: 'u1001', name: 'Officer Diaz', ori: 'CA0190100', roles: ['PATROL_OFFICER'] }),
  purpose: 'C',
  trusted: options.trusted,
});

const profile = await unifiedProfile(investigator);
const person = profile.data?.person;
console.log(
  `Unified profile: ${person?.name?.full} (FBI ${person?.identifiers?.fbi}), wants: ${person?.wants?.length ?? 0}, convictions: ${person?.criminalHistory?.convictions?.length ?? 0}`,
);

const plate = await plateToOwner(patrol);
const vehicle = plate.data?.vehicle;
console.log(
  `Plate 7WNT123: ${vehicle?.year} ${vehicle?.make} ${vehicle?.model}, owner ${vehicle?.registeredOwner?.name?.full}, cautions: ${vehicle?.registeredOwner?.cautions?.map((c) => c.code).join(', ')}`,
);

const search = await nameSearch(investigator, { lastName: 'GARCIA', firstName: 'MARIA', dob: '1990-07-04', first: 5 });
for (const edge of search.data?.searchPersons?.candidatesConnection?.edges ?? []) {
  console.log(`Candidate ${edge.node?.person?.id} ${edge.node?.person?.name?.full} ${edge.node?.person?.dob}: score ${edge.node?.score}`);
}
const all = await allNameSearchCandidates(investigator, { lastName: 'GARCIA', firstName: 'MARIA', dob: '1990-07-04' }, 5);
console.log(`Name search: ${all.length} candidates in all (${search.data?.searchPersons?.totalCandidates} counted by the source)`);

const sent = await sendAdministrativeMessage(
  patrol,
  {
    to: ['CA019015J'],
    subject: 'Restrained person located',
    text: 'RIVERA, DANIEL JAMES located at a traffic stop; please advise on service.',
  },
  `example-${Date.now()}`,
);
console.log(
  `Administrative message ${sent.data?.sendAdministrativeMessage?.id} sent to ${sent.data?.sendAdministrativeMessage?.to?.join(', ')}`,
);

for (const [name, result] of Object.entries({ profile, plate, search, sent })) {
  for (const error of result.errors) console.log(`  ${name}: ${error.extensions?.code} at ${error.path?.join('.')}`);
}
