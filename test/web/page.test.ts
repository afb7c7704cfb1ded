import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../src/http/web-routes.ts';
import { exampleInput } from '../support/approvals.ts';
import { startCoreKubegate, type TestKubegate } from '../support/kubegate.ts';
import { chromiumMissing, launchChromium, statusWithHost } from './browser.ts';

// Agents are hostile: their text must reach the page as text, never as markup or script.
const HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">Restart <b>api</b>';

const card = (page: Page, id: string) => page.locator(`#pending-list [data-approval-id="${id}"]`);

async function open(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/401|403|Unauthorized|Forbidden/.test(m.text())) problems.push(m.text());
  });
  await page.goto(url);
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

const problemsOf = (page: Page): string[] => (page as Page & { problems: string[] }).problems;

describe('GET /: the page and its assets over HTTP', () => {
  let kg: TestKubegate;
  before(async () => {
    kg = await startCoreKubegate();
  });
  after(() => kg.close());

  test('serves HTML with a strict Content-Security-Policy and no inline script', async () => {
    const res = await fetch(`${kg.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'/);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const html = await res.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from elsewhere: the machines may have no internet');
    for (const [path, type] of [
      ['/web/app.js', /^text\/javascript/],
      ['/web/app.css', /^text\/css/],
    ] as const) {
      const asset = await fetch(`${kg.url}${path}`);
      assert.equal(asset.status, 200, path);
      assert.match(asset.headers.get('content-type') ?? '', type);
      assert.equal(asset.headers.get('x-content-type-options'), 'nosniff');
    }
    for (const module of ['app', 'api', 'dom']) {
      const js = await (await fetch(`${kg.url}/web/${module}.js`)).text();
      assert.doesNotMatch(
        js,
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(/,
        `${module}.js: agent text never becomes markup`,
      );
    }
  });

  test('answers only the names the API answers (DNS rebinding)', async () => {
    assert.equal(await statusWithHost(`${kg.url}/`, 'evil.example'), 403);
    assert.equal(await statusWithHost(`${kg.url}/`, `localhost:${kg.port}`), 200);
  });
});

describe('the page in a real headless Chromium', { skip: chromiumMissing }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser.close());

  describe('on loopback without tokens (api:local)', () => {
    let kg: TestKubegate;
    before(async () => {
      kg = await startCoreKubegate();
    });
    after(() => kg.close());

    test('shows a REST proposal live, approves one, rejects one with a reason, and the states change', async () => {
      const page = await open(browser, `${kg.url}/`);
      await page.locator('#live[data-state="live"]').waitFor();
      assert.equal(await page.locator('#signin').isVisible(), false, 'no sign-in without API_TOKENS');

      const first = await kg.call('POST', '/api/approvals', exampleInput({ action: HOSTILE }));
      const second = await kg.call(
        'POST',
        '/api/approvals',
        exampleInput({
          action: 'Roll back api',
          commands: [
            {
              command: 'kubectl rollout undo deployment/api -n production',
              explanation: 'bad release',
              safety_level: 'CAUTION',
            },
          ],
        }),
      );
      assert.equal(first.status, 201);
      const one = card(page, first.json.id);
      await one.waitFor();
      await card(page, second.json.id).waitFor();

      // What approvers must see: the canonical operation, risk, preview, requester, quorum, expiry, rules.
      const text = await one.innerText();
      assert.ok(text.includes(HOSTILE), 'the agent text is shown as text');
      assert.equal(await one.locator('img').count(), 0, 'and not as markup');
      assert.equal(await page.evaluate('document.body.dataset.pwned'), undefined);
      assert.ok(text.includes(first.json.commands[0].canonical));
      assert.match(text, /Requested by\s+api:local/);
      assert.match(text, /Quorum\s+0 of 1 approval/);
      assert.match(text, /Expires\s+in \d+m/);
      assert.match(text, /Rules\s+\S+/);
      assert.match(text, new RegExp(first.json.commands[0].risk, 'i'));
      assert.equal(
        await page.locator('#pending-list > li').first().getAttribute('data-approval-id'),
        first.json.id,
        'oldest to expire first',
      );

      await one.getByRole('button', { name: 'Approve' }).click();
      await kg.until(first.json.id, 'succeeded');
      await one.waitFor({ state: 'detached' });
      await page
        .locator(`#history-table tr[data-approval-id="${first.json.id}"][data-state="succeeded"]`)
        .waitFor();

      // Reject: the reason is required, and errors are said in words.
      const two = card(page, second.json.id);
      await two.getByRole('button', { name: 'Reject' }).click();
      await page.locator('#alert', { hasText: 'A reason is required to reject.' }).waitFor();
      assert.equal((await kg.call('GET', `/api/approvals/${second.json.id}`)).json.state, 'pending');
      await two.getByLabel('Reason').fill('not during the freeze');
      await two.getByRole('button', { name: 'Reject' }).click();
      const rejected = await kg.until(second.json.id, 'rejected');
      assert.equal(rejected.state === 'rejected' ? rejected.reason : undefined, 'not during the freeze');
      await two.waitFor({ state: 'detached' });
      await page
        .locator(`#history-table tr[data-approval-id="${second.json.id}"][data-state="rejected"]`)
        .waitFor();
      await page.locator('#pending-empty').waitFor({ state: 'visible' });

      // One approval in full: decisions, results and their output.
      await page.locator(`#history-table tr[data-approval-id="${first.json.id}"] a`).click();
      const detail = page.locator(`#detail [data-approval-id="${first.json.id}"]`);
      await detail.waitFor();
      const full = await page.locator('#detail').innerText();
      assert.match(
        full,
        /approved by local \(api:local\) via rest|approved by api:local \(api:local\) via rest/,
      );
      assert.ok(full.includes(`ran: ${first.json.commands[0].command}`), 'the output');
      assert.ok(full.includes(HOSTILE));

      // The audit trail has the decisions; history filters by state and text.
      await page
        .locator(`#audit-table tr[data-approval-id="${second.json.id}"]`, {
          hasText: 'not during the freeze',
        })
        .waitFor();
      await page.locator('#history-state').selectOption('rejected');
      await page.locator('#history-filter').getByRole('button', { name: 'Filter' }).click();
      await page
        .locator(`#history-table tr[data-approval-id="${first.json.id}"]`)
        .waitFor({ state: 'detached' });
      await page.locator('#history-state').selectOption('');
      await page.locator('#history-filter').getByRole('button', { name: 'Filter' }).click();
      await page.locator(`#history-table tr[data-approval-id="${first.json.id}"]`).waitFor();
      await page.locator('#history-text').fill('roll back');
      await page
        .locator(`#history-table tr[data-approval-id="${first.json.id}"]`)
        .waitFor({ state: 'detached' });
      assert.equal(await page.locator(`#history-table tr[data-approval-id="${second.json.id}"]`).count(), 1);
      assert.deepEqual(problemsOf(page), []);
      await page.close();
    });

    test('is usable from the keyboard: Tab reaches the Reason field and the buttons, Enter approves', async () => {
      const page = await open(browser, `${kg.url}/`);
      await page.locator('#live[data-state="live"]').waitFor();
      const created = await kg.call('POST', '/api/approvals', exampleInput({ action: 'keyboard approval' }));
      const one = card(page, created.json.id);
      await one.waitFor();
      await one.getByLabel('Reason').focus();
      await page.keyboard.type('looks right');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Approve');
      await page.keyboard.press('Enter');
      const approved = await kg.until(created.json.id, 'succeeded');
      assert.equal(
        approved.decisions[0]?.reason ??
          (approved.decisions[0] as { comment?: string } | undefined)?.comment ??
          'looks right',
        'looks right',
      );
      await page.close();
    });

    test('reconnects by itself after the stream drops, and catches up on what it missed', async () => {
      const page = await open(browser, `${kg.url}/`);
      await page.locator('#live[data-state="live"]').waitFor();
      // Cut every open connection, as a restarting proxy would; the page must come back on its own.
      kg.server.closeAllConnections();
      const created = await kg.call(
        'POST',
        '/api/approvals',
        exampleInput({ action: 'made while disconnected' }),
      );
      await card(page, created.json.id).waitFor();
      await page.locator('#live[data-state="live"]').waitFor();
      await kg.call('POST', `/api/approvals/${created.json.id}/cancel`, { reason: 'test done' });
      await card(page, created.json.id).waitFor({ state: 'detached' });
      await page.close();
    });

    test('fits a phone-width screen without sideways scrolling', async () => {
      const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
      await page.goto(`${kg.url}/`);
      const created = await kg.call('POST', '/api/approvals', exampleInput({ action: 'phone approval' }));
      await card(page, created.json.id).waitFor();
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
      await kg.call('POST', `/api/approvals/${created.json.id}/cancel`, { reason: 'test done' });
      await page.close();
    });
  });

  describe('with API_TOKENS', () => {
    let kg: TestKubegate;
    const AGENT = { authorization: 'Bearer agent-token-0123456789' };
    before(async () => {
      kg = await startCoreKubegate({
        API_TOKENS: 'alice:alice-token-0123456789,agent:agent-token-0123456789',
        APPROVERS: 'api:alice',
      });
    });
    after(() => kg.close());

    test('asks for a token, keeps it in this tab only, and decides as that identity', async () => {
      const page = await open(browser, `${kg.url}/`);
      await page.locator('#signin').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#pending').isVisible(), false);

      await page.getByLabel('API token').fill('wrong-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#alert', { hasText: 'That token was not accepted.' }).waitFor();
      await page.locator('#signin').waitFor({ state: 'visible' });

      await page.getByLabel('API token').fill('alice-token-0123456789');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#live[data-state="live"]').waitFor();
      const storage = await page.evaluate(
        "({ session: sessionStorage.getItem('kubegate.token'), local: localStorage.length, url: location.href })",
      );
      assert.deepEqual(storage, { session: 'alice-token-0123456789', local: 0, url: `${kg.url}/` });

      const approve = await kg.call(
        'POST',
        '/api/approvals',
        exampleInput({ action: 'approve with a token' }),
        AGENT,
      );
      const reject = await kg.call(
        'POST',
        '/api/approvals',
        exampleInput({
          action: 'reject with a token',
          commands: [
            {
              command: 'kubectl scale deployment api -n production --replicas=2',
              explanation: 'x',
              safety_level: 'SAFE',
            },
          ],
        }),
        AGENT,
      );
      await card(page, approve.json.id).waitFor();
      await card(page, approve.json.id).getByRole('button', { name: 'Approve' }).click();
      const approved = await kg.until(approve.json.id, 'succeeded');
      assert.equal(approved.decisions[0]?.by, 'api:alice');
      await card(page, reject.json.id).getByLabel('Reason').fill('wrong deployment');
      await card(page, reject.json.id).getByRole('button', { name: 'Reject' }).click();
      const rejected = await kg.until(reject.json.id, 'rejected');
      assert.deepEqual([rejected.decisions[0]?.by, rejected.decisions[0]?.via], ['api:alice', 'rest']);

      // A reload in the same tab stays signed in (sessionStorage); a new tab (new context) asks again.
      await page.reload();
      await page.locator('#live[data-state="live"]').waitFor();
      const other = await browser.newContext();
      const fresh = await other.newPage();
      await fresh.goto(`${kg.url}/`);
      await fresh.locator('#signin').waitFor({ state: 'visible' });
      await other.close();
      assert.deepEqual(problemsOf(page), []);
      await page.close();
    });

    test('says in words why the API refused a decision', async () => {
      const page = await open(browser, `${kg.url}/`);
      await page.getByLabel('API token').fill('agent-token-0123456789');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const created = await kg.call(
        'POST',
        '/api/approvals',
        exampleInput({ action: 'the agent may not approve' }),
        AGENT,
      );
      await card(page, created.json.id).getByRole('button', { name: 'Approve' }).click();
      const refusal = await kg.call('POST', `/api/approvals/${created.json.id}/approve`, {}, AGENT);
      assert.equal(refusal.status, 403);
      await page.locator('#alert', { hasText: refusal.json.detail }).waitFor();
      assert.equal(
        (await kg.call('GET', `/api/approvals/${created.json.id}`, undefined, AGENT)).json.state,
        'pending',
      );
      await page.getByRole('button', { name: 'Forget token' }).click();
      assert.equal(await page.evaluate("sessionStorage.getItem('kubegate.token')"), null);
      await page.close();
    });
  });
});
