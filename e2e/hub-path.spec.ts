import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pairsToJsonl } from '../src/data/pairs/pair-records';
import { oraclePairs } from '../src/data/pairs/oracle-pairs.testing';
import { exploreWithAdapter } from './helpers';

test('a SmolVLM-layout model without LoRA slots trains in the tab and answers with its adapter on the engine', async ({
  page,
}) => {
  await page.goto('/#/model');
  await page.getByTestId('model-select').selectOption('tiny-hub-smolvlm');
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-ready')).toBeVisible();

  const file = join(tmpdir(), 'selfalign-e2e-hub-pairs.jsonl');
  writeFileSync(file, pairsToJsonl(oraclePairs(4).map((pair) => ({ ...pair, review: { status: 'accepted' } }))));
  await page.goto('/#/train');
  await page.getByTestId('pairs-file').setInputFiles(file);
  await page.getByTestId('train-steps').fill('2');
  await page.getByTestId('train-batch').fill('2');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-status')).toHaveText('complete');
  await expect(page.getByTestId('adapter')).toContainText('tiny-hub-smolvlm · 2 steps');

  await exploreWithAdapter(page, 'oracle · 4 pairs · 2 steps');
  await expect(page.getByTestId('adapter-loaded')).toContainText('running with');
  await page.getByTestId('compare').click();
  await expect(page.getByTestId('compare-base')).toContainText(/\w/);
  await expect(page.getByTestId('compare-adapted')).toContainText(/\w/);
});
