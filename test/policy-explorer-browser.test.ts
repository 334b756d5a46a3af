/**
 * A policy officer opens the Policy Explorer in a real browser (Debian's Chromium, headless), signs in with
 * their bearer token, sees the matrix, searches "ssn", clicks a cell and reads its rule at file:line; a
 * patrol officer's token is told "not permitted"; the page makes no request outside the gateway.
 * Screenshots go to test-results/screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';
import { headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// On a developer machine without Chromium the test is skipped, saying so; in CI (which installs it) it must run.
const available = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!available) console.warn(`SKIPPED: the Policy Explorer browser test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

const POLICY_OFFICER: TestCaller = { sub: 'u-policy-1', ori: 'CA0349400', roles: ['POLICY_OFFICER'] };
const PATROL: TestCaller = { sub: 'u-patrol-1', ori: 'CA0190100', roles: ['PATROL_OFFICER'] };

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startStack({ dataDir: inject('dataDir') });
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
  await stack?.stop();
});

/** A fresh page that remembers every request leaving the gateway's origin. */
async function openExplorer(outside: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('request', (request) => {
    if (!request.url().startsWith(stack.origin)) outside.push(request.url());
  });
  await page.goto(`${stack.origin}/policies`);
  return page;
}

async function signIn(page: Page, caller: TestCaller): Promise<void> {
  const { authorization } = await headersFor(caller);
  await page.locator('#token').fill(authorization);
  await page.locator('#sign-in-button').click();
}

describe.runIf(available)('the Policy Explorer in a browser', () => {
  it('shows a policy officer the matrix; "ssn" finds the field; a cell gives its reason and rule file:line', async () => {
    const outside: string[] = [];
    const page = await openExplorer(outside);
    await signIn(page, POLICY_OFFICER);
    await page.locator('#matrix tbody tr').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('#viewer').textContent()).toContain('u-policy-1 (POLICY_OFFICER): policy officer');
    expect(await page.locator('#matrix thead').textContent()).toContain('PATROL_OFFICER');
    expect(await page.locator('#matrix tbody button.verdict.allow').count()).toBeGreaterThan(100);
    expect(await page.locator('#policy-version').textContent()).toMatch(/Policy in force: [0-9a-f]{12}$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'policy-explorer-matrix.png') });

    await page.locator('#search').fill('ssn');
    await expect.poll(() => page.locator('#matrix tbody tr').count()).toBeLessThan(10);
    const rows = await page.locator('#matrix tbody th').allTextContents();
    expect(rows).toContain('CriminalHistory.ssn');
    expect(rows.every((row) => row.toLowerCase().includes('ssn'))).toBe(true);

    // The investigator's "C +case" cell of CriminalHistory.ssn: allowed, by the rap-sheet grant.
    const row = page.locator('#matrix tbody tr', { has: page.locator('th', { hasText: /^CriminalHistory\.ssn$/ }) });
    const cell = row.locator('button[aria-label="CriminalHistory.ssn for INVESTIGATOR stating C with a case number: allow"]');
    expect(await cell.textContent()).toBe('allow');
    await cell.click();
    const detail = page.locator('#detail');
    await detail.getByText('Rules').waitFor();
    expect(await detail.locator('.rules li').allTextContents()).toEqual([
      expect.stringMatching(/^[a-z0-9-]+ \(policies\/[a-z-]+\.yaml:\d+\)$/),
    ]);
    expect(await detail.textContent()).toContain('for INVESTIGATOR stating C with a case number');

    // A denied cell says who would be allowed instead.
    await row.locator('button[aria-label="CriminalHistory.ssn for PATROL_OFFICER stating C without a case number: deny"]').click();
    await detail.getByText('Allowed instead for').waitFor();
    expect(await detail.locator('.reason').textContent()).toContain('PATROL_OFFICER stating purpose C');
    await expect.poll(() => page.locator('#candidate-body').textContent()).toContain('No candidate loaded');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'policy-explorer-ssn-cell.png'), fullPage: true });
    expect(outside).toEqual([]);
    await page.close();
  });

  it('tells a patrol officer they are not permitted, and shows no matrix', async () => {
    const outside: string[] = [];
    const page = await openExplorer(outside);
    await signIn(page, PATROL);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Not permitted: your roles \(PATROL_OFFICER\)/);
    expect(await page.locator('#explorer').isHidden()).toBe(true);
    expect(await page.locator('#matrix tbody tr').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'policy-explorer-not-permitted.png') });
    expect(outside).toEqual([]);
    await page.close();
  });
});
