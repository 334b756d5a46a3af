/**
 * The audit console at /audit in a real browser (Debian's Chromium, headless): the planted officer
 * (u-misuse-1) looks up his ex-spouse, his neighbour's plate and a celebrity; detection files the alerts into
 * misuse cases. A DOJ auditor signs in, filters by severity, opens the ex-spouse case, reads its evidence
 * timeline and the chart of the officer's lookups beside his peers', assigns and resolves it, downloads the
 * CSV report and opens the print view with the chain verification. A coordinator of another agency sees no
 * case; a patrol officer is told "not permitted". The page makes no request outside the gateway.
 * Screenshots go to test-results/screenshots/audit-*.png (git-ignored).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDetection } from '../audit/detect.ts';
import { DETECTORS } from '../audit/detectors/index.ts';
import { openDetectionFacts, type OpenDetectionFacts } from '../audit/facts.ts';
import { REPO_ROOT } from '../common/config.ts';
import { PERSONNEL_PEOPLE, PERSONNEL_USERS } from '../generator/personnel.ts';
import { headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// On a developer machine without Chromium the test is skipped, saying so; in CI (which installs it) it must run.
const available = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!available) console.warn(`SKIPPED: the audit console browser test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

const misuser: TestCaller = {
  sub: PERSONNEL_USERS.misuse.userId,
  ori: PERSONNEL_USERS.misuse.ori,
  roles: ['PATROL_OFFICER'],
  purpose: 'C',
};
// His peers: the agency's other patrol officers, who look up a plate or two.
const peers: TestCaller[] = [PERSONNEL_USERS.honest.userId, 'u-patrol-1'].map((sub) => ({
  sub,
  ori: misuser.ori,
  roles: ['PATROL_OFFICER'],
  purpose: 'C',
}));
const AUDITOR: TestCaller = { sub: 'doj-auditor-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'], purpose: 'A' };
const OWN_COORDINATOR: TestCaller = { sub: 'coord-own', ori: misuser.ori, roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const OTHER_COORDINATOR: TestCaller = { sub: 'coord-other', ori: 'CA0370000', roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const PATROL: TestCaller = { sub: 'u-patrol-1', ori: 'CA0190100', roles: ['PATROL_OFFICER'] };
const exSpouse = PERSONNEL_PEOPLE.exSpouse.personId;
const today = () => new Date().toISOString().slice(0, 10);

let stack: Stack;
let browser: Browser;
let facts: OpenDetectionFacts;

async function ask(caller: TestCaller, query: string): Promise<void> {
  const { status, body } = await stack.query(query, {}, await headersFor(caller));
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
}

beforeAll(async () => {
  if (!available) return;
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = inject('dataDir');
  stack = await startStack({ dataDir });
  facts = openDetectionFacts(dataDir);
  await ask(misuser, `{ person(id: "${exSpouse}") { name { full } dob vehicles { plate } } }`);
  await ask(
    misuser,
    `{ vehicle(plate: "${PERSONNEL_PEOPLE.neighbour.vehicle.plate}", state: "CA") { make model registeredOwner { name { full } } } }`,
  );
  await ask(misuser, `{ person(id: "${PERSONNEL_PEOPLE.celebrity.personId}") { name { full } dob } }`);
  for (const peer of peers) await ask(peer, `{ vehicle(plate: "${PERSONNEL_PEOPLE.neighbour.vehicle.plate}", state: "CA") { make } }`);
  await runDetection(stack.audit, facts, DETECTORS, { afterSeq: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  facts?.close();
  await stack?.stop();
});

/** A fresh page that remembers every request leaving the gateway's origin. */
async function openConsole(outside: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page.on('request', (request) => {
    if (!request.url().startsWith(stack.origin) && !request.url().startsWith('blob:')) outside.push(request.url());
  });
  await page.goto(`${stack.origin}/audit`);
  return page;
}

async function signIn(page: Page, caller: TestCaller): Promise<void> {
  const { authorization } = await headersFor(caller);
  await page.locator('#token').fill(authorization);
  await page.locator('#sign-in-button').click();
}

const caseRow = (page: Page, subject: string) =>
  page.locator('#cases tbody tr', { has: page.locator('td', { hasText: new RegExp(`^${subject}$`) }) });

describe.runIf(available)('the audit console in a browser', () => {
  it('a DOJ auditor finds the planted case, reads its evidence and peer chart, triages it and exports the report', async () => {
    const outside: string[] = [];
    const page = await openConsole(outside);
    expect(await page.locator('#console').isHidden()).toBe(true);
    await signIn(page, AUDITOR);
    await caseRow(page, exSpouse).waitFor({ timeout: 60_000 });
    expect(await page.locator('#viewer').textContent()).toContain('Signed in as doj-auditor-1 (DOJ_AUDITOR)');
    const all = await page.locator('#cases tbody tr').count();
    expect(all).toBeGreaterThanOrEqual(2); // the ex-spouse, the neighbour's plate, the celebrity: one case per person
    expect(await page.locator('#totals .total').textContent()).toBe(`${all} cases`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'audit-cases.png') });

    // Filter: HIGH only. The ex-spouse case stays; every row left is HIGH; the totals follow the filter.
    await page.locator('#filter-severity').selectOption('HIGH');
    await page.locator('#apply-filters').click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^\d+ cases? match/);
    const severities = await page.locator('#cases tbody tr td:nth-child(2)').allTextContents();
    expect(severities.length).toBeGreaterThanOrEqual(1);
    expect(severities.every((s) => s === 'HIGH')).toBe(true);
    expect(await page.locator('#totals li[data-key="HIGH"]').textContent()).toBe(`HIGH ${severities.length}`);
    await expect.poll(() => caseRow(page, exSpouse).count()).toBe(1);

    // Open the case: facts, the evidence timeline (purpose, no case number stated, what was seen), history.
    const row = caseRow(page, exSpouse);
    const caseId = (await row.getAttribute('data-case-id'))!;
    await row.locator('button.open-case').click();
    await expect.poll(() => page.locator('#case-title').textContent()).toBe(`Misuse case #${caseId} (HIGH, OPEN)`);
    expect(await page.locator('#case-facts dd[data-fact="user"]').textContent()).toBe(`${misuser.sub} of ${misuser.ori}`);
    expect(await page.locator('#case-facts dd[data-fact="detectors"]').textContent()).toContain('relativeLookup');
    const evidence = page.locator('#evidence tbody tr');
    expect(await evidence.count()).toBeGreaterThanOrEqual(1);
    const first = await evidence.first().locator('td').allTextContents();
    expect(first[2]).toBe('C'); // purpose
    expect(first[3]).toBe('none stated'); // no case number: no need to know shown
    expect(first[6]).toMatch(/fields disclosed/);
    expect(first[7]).toContain('relativeLookup');
    expect(await page.locator('#history tbody tr').first().textContent()).toContain('OPENED');

    // The peer chart: 14 days of bars for the officer, lines for his two peers' median and 90th percentile.
    const chart = page.locator('#activity svg.chart');
    await chart.waitFor();
    expect(await chart.locator('rect.user-bar[data-count]').count()).toBe(14);
    expect(Number(await chart.locator('rect.user-bar[data-count]').last().getAttribute('data-count'))).toBeGreaterThanOrEqual(3);
    expect(await chart.locator('polyline.peer-median').count()).toBe(1);
    expect(await chart.locator('polyline.peer-p90').count()).toBe(1);
    const summary = await page.locator('#activity .summary').textContent();
    expect(summary).toContain(`${misuser.sub}: `);
    expect(summary).toContain('2 peers (PATROL_OFFICER at CA0190100)');
    expect(summary).toContain(`Peers: ${[...peers.map((p) => p.sub)].sort().join(', ')}.`);
    await page.locator('#case').screenshot({ path: path.join(SCREENSHOTS, 'audit-case.png') });

    // Triage: assign, then resolve FOUNDED with a note; the history shows both, the buttons follow the status.
    // The first answer to the assignment is lost on the way back (the gateway did assign): the retry sends
    // the same idempotency key, and the case is assigned once.
    const assignKeys: string[] = [];
    let dropped = false;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string; variables: { key?: string } };
      if (!body.query.startsWith('mutation AuditConsoleAssign')) return route.continue();
      assignKeys.push(body.variables.key!);
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch();
      return route.abort('connectionreset');
    });
    await page.locator('#assignee').fill('u-ia-1');
    await page.locator('#assign-note').fill('Internal affairs: interview the officer.');
    await page.locator('#assign-button').click();
    await expect
      .poll(() => page.locator('#triage-status').textContent())
      .toMatch(/^No answer from the gateway .* the retry sends the same idempotency key/);
    await page.locator('#assign-button').click();
    await expect.poll(() => page.locator('#triage-status').textContent()).toBe(`Case #${caseId} assigned to u-ia-1.`);
    await page.unroute('**/graphql');
    expect(assignKeys).toHaveLength(2);
    expect(assignKeys[1]).toBe(assignKeys[0]);
    expect(assignKeys[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(await page.locator('#history tbody tr', { hasText: 'ASSIGNED' }).count()).toBe(1);
    expect(await page.locator('#case-title').textContent()).toBe(`Misuse case #${caseId} (HIGH, ASSIGNED)`);
    await page.locator('#resolution').selectOption('FOUNDED');
    await page.locator('#resolve-note').fill('Personal lookup of his ex-spouse, no need to know.');
    await page.locator('#resolve-button').click();
    await expect.poll(() => page.locator('#triage-status').textContent()).toBe(`Case #${caseId} resolved FOUNDED.`);
    const history = await page.locator('#history tbody tr').allTextContents();
    expect(history.some((h) => h.includes('ASSIGNED') && h.includes('u-ia-1') && h.includes('interview the officer'))).toBe(true);
    expect(history.some((h) => h.includes('RESOLVED') && h.includes('ASSIGNED → FOUNDED') && h.includes('no need to know'))).toBe(true);
    expect(await page.locator('#assign-button').isDisabled()).toBe(true);
    expect(await page.locator('#triage-final').isVisible()).toBe(true);
    await expect.poll(() => row.locator('td.status').textContent()).toBe('FOUNDED');

    // The triage went through the API: the trail holds the auditor's mutations, each with its idempotency key.
    const trail = await stack.query<{ auditEvents: { edges: { node: { operationName: string; operationText: string } }[] } }>(
      `{ auditEvents(filter: { userId: "${AUDITOR.sub}" }, first: 100) { edges { node { operationName operationText } } } }`,
      {},
      await headersFor(AUDITOR),
    );
    const operations = trail.body.data!.auditEvents.edges.map((e) => e.node.operationName);
    expect(operations).toEqual(
      expect.arrayContaining(['AuditConsoleCases', 'AuditConsoleCase', 'AuditConsoleAssign', 'AuditConsoleResolve']),
    );

    // CSV, built by the page from auditReport: the CLI's header, a row per inquiry of the officer.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^audit-report-user-${misuser.sub}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'seq,time,user_id,user_name,ori,purpose,case_number,case_status,incident_number,incident_status,outcome,operation,' +
        'subjects,records,views,fields_disclosed,fields_denied,reason,hash',
    );
    const exSpouseRow = csv.find((line) => (line.split(',')[12] ?? '').split(' ').includes(exSpouse))!;
    expect(exSpouseRow).toBeDefined();
    expect(exSpouseRow.split(',').slice(2, 6)).toEqual([misuser.sub, misuser.sub, misuser.ori, 'C']);
    expect(exSpouseRow).toMatch(/,ALLOWED,.*,[0-9a-f]{64}$/);

    // The print view: the report with its chain verification and latest hash, laid out for paper.
    await page.locator('#print-report').click();
    await page.locator('#report').waitFor();
    expect(await page.locator('#screen').isHidden()).toBe(true);
    expect(await page.locator('#report-title').textContent()).toBe(`Audit report: User ${misuser.sub}`);
    expect(await page.locator('#report-chain').textContent()).toMatch(
      /^Intact: \d+ events verified at .+ UTC; latest event seq \d+, hash [0-9a-f]{64}\.$/,
    );
    expect(await page.locator('#report table[aria-label="Misuse cases"] tbody').textContent()).toContain('FOUNDED');
    expect(await page.locator('#report table[aria-label="Inquiries"] tbody tr').count()).toBeGreaterThanOrEqual(3);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#print-button').isVisible()).toBe(false); // the buttons are not printed
    await page.screenshot({ path: path.join(SCREENSHOTS, 'audit-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.locator('#close-report').click();
    expect(await page.locator('#case').isVisible()).toBe(true);

    expect(outside).toEqual([]);
    await page.close();
  });

  it("shows the officer's own agency coordinator the case", async () => {
    const outside: string[] = [];
    const page = await openConsole(outside);
    await signIn(page, OWN_COORDINATOR);
    await caseRow(page, exSpouse).waitFor({ timeout: 60_000 });
    expect(await caseRow(page, exSpouse).locator('td.status').textContent()).toBe('FOUNDED'); // as the auditor left it
    const oris = await page.locator('#cases tbody tr td:nth-child(5)').allTextContents();
    expect(oris.every((ori) => ori === misuser.ori)).toBe(true);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('shows a coordinator of another agency no case, not even when filtering on the officer', async () => {
    const outside: string[] = [];
    const page = await openConsole(outside);
    await signIn(page, OTHER_COORDINATOR);
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toBe('0 cases match.');
    expect(await page.locator('#cases-empty').isVisible()).toBe(true);
    await page.locator('#filter-user').fill(misuser.sub);
    await page.locator('#apply-filters').click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('0 cases match.');
    expect(await page.locator('#cases tbody tr').count()).toBe(0);
    expect(await page.locator('#totals .total').textContent()).toBe('0 cases');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'audit-other-coordinator.png') });
    // A bad filter is refused with the API's message; the console stays.
    await page.locator('#filter-ori').fill('nowhere');
    await page.locator('#apply-filters').click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Invalid filter\.ori: "nowhere" is not an ORI/);
    expect(await page.locator('#console').isVisible()).toBe(true);
    await page.locator('#filter-ori').fill('');
    // Nor the officer's activity through the API: the audit subgraph answers for the coordinator's own agency only.
    const activity = await stack.query(
      `{ userActivity(userId: "${misuser.sub}", from: "${today()}", to: "${today()}") { total } }`,
      {},
      await headersFor(OTHER_COORDINATOR),
    );
    expect(activity.body).toEqual({ data: { userActivity: null } });
    expect(outside).toEqual([]);
    await page.close();
  });

  it('tells a patrol officer they are not permitted, and shows no case', async () => {
    const outside: string[] = [];
    const page = await openConsole(outside);
    await signIn(page, PATROL);
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toMatch(/^Not permitted: /);
    expect(await page.locator('#status').textContent()).toContain('may not state purpose A');
    expect(await page.locator('#status').textContent()).toContain('The audit console is for DOJ auditors and agency coordinators.');
    expect(await page.locator('#console').isHidden()).toBe(true);
    expect(await page.locator('#cases tbody tr').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'audit-not-permitted.png') });
    expect(outside).toEqual([]);
    await page.close();
  });

  it('serves the page and its assets with a strict Content-Security-Policy, and nothing else under /audit/assets', async () => {
    const response = await fetch(`${stack.origin}/audit`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect((await fetch(`${stack.origin}/audit/assets/audit.js`)).status).toBe(200);
    expect((await fetch(`${stack.origin}/audit/assets/router.ts`)).status).toBe(404);
    expect((await fetch(`${stack.origin}/audit/assets/..%2Frouter.ts`)).status).toBe(404);
  });
});
