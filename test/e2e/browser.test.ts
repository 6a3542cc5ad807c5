import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type Stack, startStack } from './support/stack.ts';

/** Screenshots land here, under the repository's (git-ignored) test output, for CI to keep as artifacts. */
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));
/** Long enough for a saga of four steps on a loaded CI machine; the waits end as soon as the page shows it. */
const JOB_TIMEOUT_MS = 60_000;

/** Debian's chromium, wherever PATH has it; playwright-core brings no browser of its own. */
function chromiumOnPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'chromium');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new Error('no chromium on PATH (Debian package "chromium"; .ci/run installs it)');
}

describe('live demo page in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    stack = await startStack();
    browser = await chromium.launch({
      executablePath: chromiumOnPath(),
      // No sandbox as root; no background calls home, which a machine without outside network refuses.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
    page.setDefaultTimeout(JOB_TIMEOUT_MS);
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) =>
      pageErrors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
    );
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Runs steps on the page; a failure carries what the page itself reported, which is usually the cause. */
  async function onPage(what: string, steps: () => Promise<void>): Promise<void> {
    try {
      await steps();
      assert.deepEqual(pageErrors, [], 'the page reported no errors');
    } catch (error) {
      const banner = await page
        .getByTestId('page-error')
        .textContent({ timeout: 1000 })
        .catch(() => null);
      const reported = pageErrors.length > 0 ? pageErrors.join('\n  ') : '(none)';
      throw new Error(
        `${what}: ${error instanceof Error ? error.message : String(error)}\n` +
          `page errors:\n  ${reported}\npage error banner: ${banner || '(empty)'}`,
        { cause: error },
      );
    }
  }

  const jobCard = (preset: string): Locator =>
    page.locator(`[data-testid="job-card"][data-preset="${preset}"]`);

  const eventTexts = (card: Locator) => card.getByTestId('events').locator('li').allTextContents();

  it('gets a token, submits an order and shows it reach 100 % and SUCCEEDED', {
    timeout: 120_000,
  }, async () => {
    await onPage('order to SUCCEEDED', async () => {
      await page.goto(`${stack.baseUrl}/demo`);
      await page.getByTestId('user').fill('browser-user');
      await page.getByTestId('get-token').click();
      await page.getByTestId('session').filter({ hasText: 'Signed in as browser-user' }).waitFor();

      await page.getByTestId('submit-order').click();
      const card = jobCard('order');
      await card
        .getByTestId('status')
        .filter({ hasText: /^SUCCEEDED$/ })
        .waitFor();
      await card.locator('progress[data-testid="progress"][value="100"][aria-valuenow="100"]').waitFor();

      assert.equal(await card.getByTestId('percent').textContent(), '100 %');
      assert.equal(await card.getAttribute('data-status'), 'SUCCEEDED');
      assert.match((await card.getByTestId('job-id').textContent()) ?? '', /\S/);
      assert.equal(await card.getByTestId('job-type').textContent(), 'order.place');
      assert.equal(await card.getByTestId('failure').isHidden(), true);
      const events = (await eventTexts(card)).join('\n');
      for (const step of ['reserve_stock', 'authorize_payment', 'schedule_shipping', 'confirm']) {
        assert.match(events, new RegExp(step), `the step events name ${step}`);
      }
      assert.equal(await page.getByTestId('connection').getAttribute('data-state'), 'open');
      await page.screenshot({ path: join(SCREENSHOTS, 'demo.png'), fullPage: true });
    });
  });

  it('shows an order whose payment is declined end COMPENSATED, with the failure', {
    timeout: 120_000,
  }, async () => {
    await onPage('declined order to COMPENSATED', async () => {
      await page.getByTestId('submit-order-declined').click();
      const card = jobCard('order-declined');
      await card
        .getByTestId('status')
        .filter({ hasText: /^COMPENSATED$/ })
        .waitFor();

      const failure = card.getByTestId('failure');
      assert.equal(await failure.isVisible(), true, 'the failure is shown');
      assert.match((await failure.textContent()) ?? '', /PAYMENT_DECLINED/);
      assert.equal(await card.getAttribute('data-status'), 'COMPENSATED');
      assert.ok(
        (await card.locator('[data-testid="events"] li[data-kind="undo"]').count()) > 0,
        'the undo shows',
      );
      assert.equal(await card.getByTestId('cancel').isDisabled(), true, 'a finished job cannot be cancelled');
      await page.screenshot({ path: join(SCREENSHOTS, 'demo-compensated.png'), fullPage: true });
    });
  });
});
