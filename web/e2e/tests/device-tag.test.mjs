import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { launch, offline } from '../browser.mjs';

const baseUrl = process.env.SEKISHO_BASE_URL;
// The demo's fixed API key for Sakura Mart (crates/server/src/demo.rs: demo_key).
const demoApiKey = `sk_live_demo${createHash('sha256').update('sekisho-demo:sakura-mart').digest('hex').slice(0, 40)}`;

async function api(path) {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${demoApiKey}` } });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

/// Opens the embedding guide with the tag on it and returns the token it showed.
async function tokenShownBy(page, tagKey) {
  await page.goto(`${baseUrl}/device-tag/?key=${tagKey}`);
  return tokenShown(page);
}

/// Waits for the tag on the open page and returns the token it showed.
async function tokenShown(page) {
  await page.waitForFunction(() => document.body.dataset.deviceTag, null, { timeout: 15_000 });
  const state = await page.evaluate(() => document.body.dataset.deviceTag);
  assert.equal(state, 'ready', await page.textContent('#status'));
  const shown = (await page.textContent('#device-id'))?.trim();
  assert.match(shown ?? '', /^dv_[0-9a-f]{32}$/);
  assert.equal(await page.inputValue('#hidden-device-id'), shown, 'the form field was filled');
  assert.equal(await page.evaluate(() => window.Sekisho.deviceId()), shown);
  return shown;
}

test('the device tag flags a headless automated browser and keeps one token per profile', async () => {
  const { key: tagKey, snippet } = await api('/v1/device-tag/key');
  assert.match(tagKey, /^pk_live_[0-9a-f]{32}$/);
  assert.ok(snippet.includes(`data-key="${tagKey}"`));

  let first;
  const context = await launch();
  try {
    const blocked = await offline(context, baseUrl);
    const page = await context.newPage();
    first = await tokenShownBy(page, tagKey);

    const device = await api(`/v1/devices/${first}`);
    assert.equal(device.automation, true, JSON.stringify(device));
    assert.ok(device.automation_hints.includes('webdriver'), device.automation_hints.join(','));
    assert.ok(device.languages.length > 0);

    await page.reload();
    assert.equal(await tokenShown(page), first, 'same profile, same token');
    assert.equal((await api(`/v1/devices/${first}`)).sightings, 2);

    mkdirSync('test-results', { recursive: true });
    await page.locator('.demo').screenshot({ path: 'test-results/device-tag.png' });
    assert.deepEqual(blocked, [], 'the page asked for nothing outside the server');
  } finally {
    await context.close();
  }

  const other = await launch();
  try {
    const page = await other.newPage();
    const second = await tokenShownBy(page, tagKey);
    assert.notEqual(second, first, 'a new profile gets a new token');
  } finally {
    await other.close();
  }
});
