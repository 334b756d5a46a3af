/**
 * A newcomer opens the IDE in a real browser (Debian's Chromium, headless), presses Run on the default
 * unified-profile query with the preloaded development headers, and sees the wanted driver's profile;
 * the page makes no request outside the gateway (offline IDE, no CDN).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// On a developer machine without Chromium the test is skipped, saying so; in CI (which installs it) it must run.
const available = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!available) console.warn(`SKIPPED: the IDE browser test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
  // The headers `npm start` preloads: a development investigator on a case.
  const h = await headersFor(CALLERS.investigator);
  const headers = JSON.stringify({ Authorization: h.authorization, 'X-Purpose': h['x-purpose'], 'X-Case-Number': h['x-case-number'] });
  stack = await startStack({ dataDir: inject('dataDir'), ide: { defaultHeaders: headers } });
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

describe.runIf(available)('the offline IDE in a browser', () => {
  it('runs the default unified-profile query and shows the result, with no request leaving the gateway', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.origin)) outside.push(request.url());
    });
    await page.goto(`${stack.origin}/`);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText(SHOWCASE.wantedDriver.name).first().waitFor({ timeout: 60_000 });
    // The result pane renders only visible lines: read the whole JSON from its editor.
    const json = await page.evaluate(() => {
      const element = document.querySelector<Element & { CodeMirror?: { getValue(): string } }>('.result-window .CodeMirror');
      return element?.CodeMirror?.getValue() ?? '';
    });
    const profile = (JSON.parse(json) as { data: { person: { driverLicense: { status: string }; vehicles: { plate: string }[] } } }).data
      .person;
    expect(profile.driverLicense.status).toBe('SUSPENDED');
    expect(profile.vehicles.map((v) => v.plate)).toContain('7WNT123');
    expect(outside).toEqual([]);
  });
});
