import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, offline } from '../browser.mjs';

const baseUrl = process.env.SEKISHO_BASE_URL;

test('the interactive API docs render with no network access', async () => {
  const context = await launch();
  try {
    const blocked = await offline(context, baseUrl);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/docs`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
    const paths = await page.$$eval('.opblock-summary-path', (nodes) =>
      nodes.map((node) => node.getAttribute('data-path')),
    );
    for (const path of ['/v1/auth/login', '/admin/v1/tenants', '/v1/api-keys']) {
      assert.ok(paths.includes(path), `${path} listed in ${paths}`);
    }
    const title = await page.textContent('.information-container .title');
    assert.match(title ?? '', /Sekisho API/);

    // Open the login operation and try it out against the running demo.
    await page.click('#operations-auth-login .opblock-summary');
    await page.click('#operations-auth-login .try-out__btn');
    await page.fill(
      '#operations-auth-login textarea.body-param__text',
      JSON.stringify({ email: 'owner@sakura-mart.example', password: 'sekisho-demo-2026' }),
    );
    await page.click('#operations-auth-login .execute');
    await page.waitForSelector('#operations-auth-login .live-responses-table .response-col_status');
    const status = await page.textContent('#operations-auth-login .live-responses-table tbody .response-col_status');
    assert.equal(status?.trim(), '200');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/docs.png', fullPage: false });
    assert.deepEqual(blocked, [], 'the docs page asked for nothing outside the server');
  } finally {
    await context.close();
  }
});
