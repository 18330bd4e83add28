// The dashboard in headless Chromium against the real `sekisho serve --demo`: sign-in, charts
// drawn from the seeded data, a review decision shrinking the queue, an API key created and
// revoked, a tenant onboarded by the platform admin, the language switched. Screenshots go to
// test-results/dashboard-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { launch, offline } from '../browser.mjs';

const baseUrl = process.env.SEKISHO_BASE_URL;
const PASSWORD = 'sekisho-demo-2026';
const OWNER = 'owner@sakura-mart.example';
const ADMIN = 'admin@sekisho.example';
// The demo tenant's API key is derived from its slug (crates/server/src/demo.rs).
const DEMO_KEY = `sk_live_demo${createHash('sha256').update('sekisho-demo:sakura-mart').digest('hex').slice(0, 40)}`;

mkdirSync('test-results', { recursive: true });

async function apiCall(method, path, token, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function apiLogin(email) {
  const { status, body } = await apiCall('POST', '/v1/auth/login', '', { email, password: PASSWORD });
  assert.equal(status, 200, `login ${email}`);
  return body.access_token;
}

/** Makes sure at least `n` orders wait for review: scores new ones under a policy that sends every card order to review. */
async function ensureReviewQueue(n) {
  const owner = await apiLogin(OWNER);
  const queue = await apiCall('GET', '/v1/reviews?limit=1', owner);
  assert.equal(queue.status, 200);
  if (queue.body.total >= n) return;
  const before = await apiCall('GET', '/v1/policy', owner);
  const strict = {
    review_at: 1,
    reject_at: 101,
    rules: [
      {
        id: 'e2e-review-all',
        name: 'e2e: every card order to review',
        when: { signal: 'order.payment_method', op: 'eq', value: 'card' },
        then: { decision: 'review' },
      },
    ],
  };
  assert.equal((await apiCall('PUT', '/v1/policy', owner, strict)).status, 200);
  try {
    for (let i = queue.body.total; i < n; i += 1) {
      const scored = await apiCall('POST', '/v1/orders/score', DEMO_KEY, {
        order_id: `E2E-${Date.now()}-${i}`,
        amount: 12800 + i * 1000,
        currency: 'JPY',
        payment_method: 'card',
        customer: { email: `e2e.buyer${i}@example.jp`, name: '山田 太郎' },
        shipping_address: { postal_code: '150-0001', region: '東京都', locality: '渋谷区', line1: '神宮前1-2-3' },
        items: [{ name: 'ゲーム機', category: 'game_console', quantity: 1, unit_price: 12800 + i * 1000 }],
      });
      assert.equal(scored.status, 200, JSON.stringify(scored.body));
    }
  } finally {
    const { review_at, reject_at, rules } = before.body;
    await apiCall('PUT', '/v1/policy', owner, { review_at, reject_at, rules });
  }
}

async function signIn(page, email) {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
}

/** A chart is drawn: its box says it has data points and its canvas has coloured pixels. */
async function chartDrawn(page, testId) {
  const box = page.locator(`[data-testid=${testId}]`);
  await box.waitFor({ timeout: 30_000 });
  await page.waitForFunction((id) => Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-points')) > 0, testId);
  const painted = await box.locator('canvas').evaluate((canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0) coloured += 1;
    return coloured;
  });
  assert.ok(painted > 500, `${testId}: ${painted} painted pixels`);
}

async function noErrors(page) {
  const errors = await page.locator('.alert-error').allTextContents();
  assert.deepEqual(errors, [], `errors shown on ${page.url()}`);
}

test('the owner signs in, sees the charts, works the review queue, manages API keys and switches to Japanese', async () => {
  await ensureReviewQueue(3);
  const context = await launch();
  try {
    const blocked = await offline(context, baseUrl);
    const page = await context.newPage();
    page.on('dialog', (dialog) => dialog.accept());
    await page.addInitScript(() => {
      if (!localStorage.getItem('sekisho.lang')) localStorage.setItem('sekisho.lang', 'en');
    });

    // Sign-in, with a wrong password first: the API's error is shown in words.
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name=email]', OWNER);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await page.locator('.alert-error').waitFor();
    assert.match(await page.locator('.alert-error').innerText(), /email address or password is not correct/);
    await page.screenshot({ path: 'test-results/dashboard-login.png' });
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');

    // Overview: the charts are drawn from the seeded data.
    await page.locator('h1', { hasText: 'Overview' }).waitFor();
    assert.match(await page.locator('[data-testid=tenant-name]').innerText(), /Sakura Mart/);
    await chartDrawn(page, 'chart-approval');
    await chartDrawn(page, 'chart-exposure-gauge');
    await chartDrawn(page, 'chart-exposure-months');
    await chartDrawn(page, 'chart-approval-grouped');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=queue-size]')?.textContent ?? ''));
    assert.match(await page.locator('[data-testid=exposure]').innerText(), /¥500,000/);
    await noErrors(page);
    await page.screenshot({ path: 'test-results/dashboard-overview.png' });

    // Review queue: one click decides, and the queue shrinks.
    await page.click('nav >> text=Review queue');
    await page.locator('[data-testid=review-item]').first().waitFor();
    const total = async () => Number((await page.locator('[data-testid=review-total]').innerText()).match(/\d+/)[0]);
    const waiting = await total();
    const items = await page.locator('[data-testid=review-item]').count();
    assert.ok(waiting >= 3 && items >= 1, `${waiting} waiting, ${items} shown`);
    const first = page.locator('[data-testid=review-item]').first();
    const orderId = await first.getAttribute('data-order');
    assert.ok((await first.locator('.reasons li').count()) >= 1, 'the order shows its reasons');
    await page.screenshot({ path: 'test-results/dashboard-reviews.png' });
    await first.locator('[data-testid=review-accept]').click();
    await page.waitForFunction((n) => /\d+/.test(document.querySelector('[data-testid=review-total]')?.textContent ?? '') &&
      Number(document.querySelector('[data-testid=review-total]').textContent.match(/\d+/)[0]) === n - 1, waiting);
    assert.equal(await page.locator(`[data-testid=review-item][data-order="${orderId}"]`).count(), 0, 'the decided order left the queue');
    await page.locator('.alert-success', { hasText: orderId }).waitFor();
    await noErrors(page);

    // The decided order, by its client route (a reload goes through the server's SPA fallback).
    await page.goto(`${baseUrl}/orders?q=${encodeURIComponent(orderId)}`);
    await page.locator('[data-testid=orders-table] tbody tr').first().click();
    await page.locator('[data-testid=signals]').waitFor();
    await page.locator('[data-testid=events]', { hasText: 'review' }).waitFor();
    await noErrors(page);

    // API keys: create (shown once), then revoke.
    await page.click('nav >> text=API keys');
    const keyName = `e2e key ${Date.now()}`;
    await page.fill('input[name=key-name]', keyName);
    await page.click('[data-testid=create-key]');
    const secret = await page.locator('[data-testid=new-api-key]').innerText();
    assert.match(secret, /^sk_live_[0-9a-f]{48}$/);
    assert.equal((await apiCall('GET', '/v1/me', secret)).status, 200, 'the new key works');
    const row = page.locator(`tr[data-key-name="${keyName}"]`);
    await row.waitFor();
    await page.screenshot({ path: 'test-results/dashboard-api-keys.png' });
    await row.locator('[data-testid=revoke-key]').click();
    await row.locator('.badge', { hasText: 'Revoked' }).waitFor();
    assert.equal((await apiCall('GET', '/v1/me', secret)).status, 401, 'the revoked key no longer works');

    // Test mode: a test key is marked in the list; the header's switch shows test-mode orders.
    const testKeyName = `e2e test key ${Date.now()}`;
    await page.fill('input[name=key-name]', testKeyName);
    await page.selectOption('[data-testid=key-mode]', 'test');
    await page.click('[data-testid=create-key]');
    const testSecret = page.locator('[data-testid=new-api-key]', { hasText: 'sk_test_' });
    await testSecret.waitFor();
    assert.match(await testSecret.innerText(), /^sk_test_[0-9a-f]{48}$/);
    await page.locator(`tr[data-key-name="${testKeyName}"] [data-testid=test-key]`).waitFor();
    await page.click('nav >> text=Orders');
    await page.locator('[data-testid=orders-table] tbody tr').first().waitFor();
    assert.doesNotMatch(await page.locator('[data-testid=orders-table]').innerText(), /-TEST-/, 'live orders only');
    await page.click('[data-testid=mode-switch]');
    await page.locator('[data-testid=test-mode-banner]').waitFor();
    await page.locator('[data-testid=orders-table]', { hasText: '-TEST-' }).waitFor();
    await page.screenshot({ path: 'test-results/dashboard-test-mode.png' });
    await page.click('[data-testid=mode-switch]');
    await page.locator('[data-testid=test-mode-banner]').waitFor({ state: 'detached' });
    await noErrors(page);

    // Language: the texts change to Japanese and the choice survives a reload.
    await page.click('[data-testid=lang-switch]');
    await page.locator('nav >> text=目視審査').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    await page.goto(`${baseUrl}/`);
    await page.locator('h1', { hasText: '概要' }).waitFor();
    await chartDrawn(page, 'chart-approval');
    assert.match(await page.locator('[data-testid=exposure]').innerText(), /¥500,000/);
    const body = await page.locator('main').innerText();
    assert.match(body, /本日の判定/);
    assert.doesNotMatch(body, /Today's decisions/);
    await page.screenshot({ path: 'test-results/dashboard-overview-ja.png' });
    await page.click('nav >> text=目視審査');
    await page.locator('[data-testid=review-item] .reasons li').first().waitFor();
    assert.match(await page.locator('[data-testid=review-item] .reasons').first().innerText(), /[\u3040-\u30ff\u4e00-\u9fff]/, 'reasons in Japanese');
    await page.screenshot({ path: 'test-results/dashboard-reviews-ja.png' });

    // Signing out ends the session; a protected page sends back to sign-in.
    await page.click('[data-testid=sign-out]');
    await page.waitForURL(/\/login/);
    await page.goto(`${baseUrl}/api-keys`);
    await page.waitForURL(/\/login\?next=/);

    assert.deepEqual(blocked, [], 'the dashboard asked for nothing outside the server');
  } finally {
    await context.close();
  }
});

test('the platform admin onboards a tenant, whose owner can then sign in', async () => {
  const context = await launch();
  try {
    const blocked = await offline(context, baseUrl);
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('sekisho.lang', 'en'));
    await signIn(page, ADMIN);
    await page.locator('h1', { hasText: 'Tenants' }).waitFor();
    await page.locator('[data-testid=tenants-table] tbody tr').first().waitFor();
    await chartDrawn(page, 'chart-tenant-approval');
    await noErrors(page);
    await page.screenshot({ path: 'test-results/dashboard-admin-tenants.png' });

    const name = `E2E商店 ${Date.now()}`;
    const ownerEmail = `owner.${Date.now()}@e2e-shop.example`;
    await page.click('nav >> text=Onboard a tenant');
    await page.fill('input[name=tenant-name]', name);
    await page.fill('input[name=owner-email]', ownerEmail);
    await page.fill('input[name=owner-password]', 'e2e-password-2026');
    await page.fill('input[name=key-name]', 'checkout');
    await page.click('[data-testid=onboard-submit]');
    const key = await page.locator('[data-testid=onboard-key]').innerText();
    assert.match(key, /^sk_live_[0-9a-f]{48}$/);
    await page.screenshot({ path: 'test-results/dashboard-admin-onboard.png' });
    const me = await apiCall('GET', '/v1/me', key);
    assert.equal(me.status, 200);
    assert.equal(me.body.tenant_name, name);

    await page.click('nav >> text=Tenants');
    await page.locator('[data-testid=tenants-table] td', { hasText: name }).waitFor();

    const login = await apiCall('POST', '/v1/auth/login', '', { email: ownerEmail, password: 'e2e-password-2026' });
    assert.equal(login.status, 200, 'the new owner signs in');
    assert.equal(login.body.role, 'owner');

    await page.click('nav >> text=Audit log');
    await page.locator('[data-testid=audit-table] code', { hasText: 'tenant.create' }).first().waitFor();
    await noErrors(page);
    assert.deepEqual(blocked, []);
  } finally {
    await context.close();
  }
});

test('every screen renders without an error, at 1366×768', async () => {
  const context = await launch();
  try {
    const blocked = await offline(context, baseUrl);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.addInitScript(() => localStorage.setItem('sekisho.lang', 'en'));
    const visit = async (path, heading, shot) => {
      await page.goto(`${baseUrl}${path}`);
      await page.locator('h1', { hasText: heading }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.state-loading').length === 0, null, { timeout: 30_000 });
      await noErrors(page);
      // Nothing spills sideways on a laptop screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path} is ${overflow}px too wide`);
      if (shot) await page.screenshot({ path: `test-results/dashboard-${shot}.png` });
    };
    await signIn(page, OWNER);
    await page.locator('h1', { hasText: 'Overview' }).waitFor();
    await page.locator('[data-testid=exposure]').waitFor();
    // CSV download of the approval-rate report.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.card', { hasText: 'Card authorisations approved' }).locator('button', { hasText: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv.split('\n')[0], /key.*attempts.*approved/);
    assert.ok(csv.trim().split('\n').length > 10, 'a row per day');
    // The owner changes the fraud-prone threshold, and puts it back.
    for (const amount of ['400000', '500000']) {
      await page.click('text=Change the threshold your acquirer applies');
      await page.fill('[data-testid=exposure] input[type=number]', amount);
      await page.click('[data-testid=exposure] button[type=submit]');
      await page.locator('[data-testid=exposure] .gauge-caption', { hasText: `¥${Number(amount).toLocaleString('en-US')}` }).waitFor();
    }
    await visit('/orders', 'Orders', 'orders');
    await visit('/reports', 'Fraud reports', null);
    // Report fraud through the identifiers form, see it listed, retract it.
    const reportOrder = `E2E-R-${Date.now()}`;
    await page.click('text=+ Report fraud');
    await page.selectOption('[data-testid=report-form] select[name=category]', 'resale');
    await page.fill('[data-testid=report-form] input[name=amount]', '24800');
    await page.fill('[data-testid=report-form] input[name=order_id]', reportOrder);
    await page.fill('[data-testid=report-form] input[name=email]', `e2e.fraud.${Date.now()}@example-mail.jp`);
    await page.fill('[data-testid=report-form] input[name=postal_code]', '530-0001');
    await page.fill('[data-testid=report-form] input[name=line1]', '大阪市北区梅田1-2-3');
    await page.click('[data-testid=report-form] button[type=submit]');
    const reported = page.locator(`[data-testid=reports-table] tr[data-order="${reportOrder}"]`);
    await reported.waitFor();
    assert.match(await reported.innerText(), /¥24,800/);
    await page.screenshot({ path: 'test-results/dashboard-reports.png' });
    page.once('dialog', (dialog) => dialog.accept());
    await reported.locator('text=Retract').click();
    await page.locator(`[data-testid=reports-table] tr[data-order="${reportOrder}"]`).waitFor({ state: 'detached' });
    await visit('/lists', 'Allow and block lists', null);
    // Block an email, see it as entered (the owner's own list), remove it.
    await page.selectOption('.form-inline select', 'email');
    await page.fill('.form-inline input.input-wide', 'blocked.e2e@example.jp');
    await page.click('.form-inline button[type=submit]');
    await page.locator('.alert-success').waitFor();
    const blockedRow = page.locator('[data-testid=list-table] tbody tr', { hasText: 'blocked.e2e@example.jp' }).first();
    await blockedRow.waitFor();
    const listed = await page.locator('[data-testid=list-table] tbody tr').count();
    page.once('dialog', (dialog) => dialog.accept());
    await blockedRow.locator('text=Remove').click();
    await page.waitForFunction(
      (n) => (document.querySelector('[data-testid=list-table]') ? document.querySelectorAll('[data-testid=list-table] tbody tr').length : 0) === n - 1,
      listed,
    );
    await visit('/policy', 'Rules & thresholds', null);
    await page.click('[data-testid=run-backtest]');
    await page.locator('[data-testid=backtest-report]').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: 'test-results/dashboard-policy.png' });
    await page.click('[data-testid=policy-tab-json]');
    await page.fill('[data-testid=policy-editor]', '{"review_at": 90, "reject_at": 40}');
    assert.match(await page.locator('[data-testid=policy-validation]').innerText(), /review_at/);
    await visit('/webhooks', 'Webhooks', null);
    await visit('/users', 'Users', null);
    await page.click('[data-testid=sign-out]');
    await signIn(page, ADMIN);
    await page.locator('h1', { hasText: 'Tenants' }).waitFor();
    await visit('/admin/consortium', 'Consortium moderation', null);
    // A dispute opened and rejected (the entries stay); a warninglist range added and removed.
    page.on('dialog', (dialog) => dialog.accept());
    const reason = `e2e appeal ${Date.now()}`;
    await page.selectOption('[data-testid=dispute-form] select', 'phone');
    await page.fill('[data-testid=dispute-form] input >> nth=0', '050-3000-1234');
    await page.fill('[data-testid=dispute-form] input >> nth=1', reason);
    await page.click('[data-testid=dispute-form] button[type=submit]');
    const dispute = page.locator(`tr[data-reason="${reason}"]`);
    await dispute.waitFor();
    await dispute.locator('input').fill('no evidence of error');
    await dispute.locator('button', { hasText: 'Reject' }).click();
    await dispute.waitFor({ state: 'detached' });
    const label = `e2e range ${Date.now()}`;
    // A fresh address each run: a removed range added again stays removed (reported to the lead).
    await page.fill('[data-testid=range-form] input >> nth=0', `192.0.2.${1 + (Date.now() % 254)}/32`);
    await page.fill('[data-testid=range-form] input >> nth=1', label);
    await page.click('[data-testid=range-form] button[type=submit]');
    const range = page.locator(`tr[data-label="${label}"]`);
    await range.waitFor();
    await page.screenshot({ path: 'test-results/dashboard-admin-consortium.png' });
    await range.locator('button', { hasText: 'Remove' }).click();
    await range.waitFor({ state: 'detached' });
    await noErrors(page);
    await visit('/admin/audit', 'Audit log', null);
    assert.deepEqual(blocked, []);
  } finally {
    await context.close();
  }
});
